"""Modules in Chromium, inside the development LMS's frame: write, publish, read.

The editor and the module page are checked with axe-core (no serious or
critical violation) where the person sees them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_no_serious
from tests.browser.lms import INES, MATHILDE, tool_frame
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]
BODY = (
    "# Les guichets\n\nSelon [@lipsky1980, p. 3], les agents décident.\n\n"
    "## Suite\n\nVoir aussi @spire2005.\n"
)


def test_instructor_writes_and_a_student_reads_with_references(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    frame = tool_frame(new_page, same_site, MATHILDE, "Mathilde Garnier",
                       "/modules/new")  # fmt: skip
    expect(frame.get_by_role("heading", level=1, name="Nouveau module")).to_be_visible()
    frame.get_by_label("Titre").fill("Les bureaucrates de guichet")
    frame.get_by_label("Texte (Markdown").fill(BODY)
    frame.get_by_role("button", name="Aperçu").click()
    preview = frame.locator(".module-preview")
    expect(preview.locator(".citation")).to_have_count(2)
    assert_no_serious(frame)
    frame.get_by_role("button", name="Enregistrer").click()
    expect(
        frame.get_by_role("heading", level=1, name="Les bureaucrates de guichet")
    ).to_be_visible()
    frame.get_by_role("button", name="Publier").click()
    expect(frame.locator(".flashes[role=status]")).to_contain_text("Module publié.")

    reader = tool_frame(new_page, same_site, INES, "Inès Moreau", "/modules/")
    reader.get_by_role("link", name="Les bureaucrates de guichet").click()
    expect(
        reader.get_by_role("heading", level=1, name="Les bureaucrates de guichet")
    ).to_be_visible()
    citation = reader.locator(".module-body .citation a").first
    expect(citation).to_have_text("(Lipsky, 1980, p. 3)")
    references = reader.get_by_role("region", name="Références")
    expect(references.locator("li")).to_have_count(2)
    expect(references).to_contain_text("Street-Level Bureaucracy")
    citation.click()
    expect(reader.locator("#ref-lipsky1980")).to_be_in_viewport()
    expect(reader.get_by_role("navigation", name="Sommaire")).to_contain_text("Suite")
    assert_no_serious(reader)
    reader.get_by_role("button", name="Marquer comme lu").click()
    expect(reader.get_by_text("Vous avez marqué ce module comme lu.")).to_be_visible()


def test_demo_module_page_is_accessible(same_site: LiveDemo, new_page: NewPage) -> None:
    reader = tool_frame(new_page, same_site, INES, "Inès Moreau", "/modules/")
    reader.get_by_role("link", name="Les élu·es dans l'action sociale").click()
    expect(reader.get_by_role("region", name="Références")).to_contain_text(
        "Street-Level Bureaucracy"
    )
    assert_no_serious(reader)
