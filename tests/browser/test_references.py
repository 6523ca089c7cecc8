"""The bibliography in Chromium: the staff import preview and the students' list.

Both pages are checked with axe-core (no serious or critical violation) where
the person sees them: in the development LMS's frame.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.lms import INES, MATHILDE, frame_on, launch_in_frame, ltik
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]
# One entry to add, one the demo course already has (same key), one malformed.
UPLOAD = b"""@book{castel1995,
  author = {Castel, Robert},
  title = {Les m\xc3\xa9tamorphoses de la question sociale},
  publisher = {Fayard},
  year = {1995},
}

@book{lipsky1980,
  author = {Lipsky, Michael},
  title = {Street-Level Bureaucracy},
  publisher = {Russell Sage Foundation},
  year = {2010},
}

@article{cass\xc3\xa9, title = {Sans fin
"""


@pytest.fixture
def same_site(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    """LMS and tool on http://127.0.0.1 (two ports): framed launches just work."""
    return make_live_demo(tool_tls=False, lms_host="127.0.0.1")


def _in_frame(demo: LiveDemo, new_page: NewPage, person: int, name: str,
              path: str) -> tuple[Page, Frame]:  # fmt: skip
    page = new_page()
    launch_in_frame(page, demo, person, name)
    frame = frame_on(page, demo, "/course/")
    frame.goto(f"{demo.tool_url}{path}?ltik={ltik(frame.url)}")
    return page, frame


def test_import_preview_shows_added_merged_rejected_then_confirms(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    _page, frame = _in_frame(same_site, new_page, MATHILDE, "Mathilde Garnier",
                             "/references/add")  # fmt: skip
    frame.get_by_label("Fichier .bib, .ris ou .json (CSL-JSON)").set_input_files(
        {"name": "cours.bib", "mimeType": "text/x-bibtex", "buffer": UPLOAD}
    )
    frame.get_by_role("button", name="Analyser le fichier").click()
    expect(
        frame.get_by_role("heading", level=1, name="Aperçu de l'importation")
    ).to_be_visible()
    rows = frame.get_by_role("row")
    expect(rows.filter(has_text="castel1995")).to_contain_text("ajoutée")
    merged = rows.filter(has_text="Street-Level Bureaucracy")
    expect(merged).to_contain_text("doublon : à fusionner")
    expect(merged).to_contain_text("Doublon de lipsky1980 (même clé)")
    rejected = rows.filter(has_text="cassé")
    expect(rejected).to_contain_text("rejetée")
    expect(rejected).to_contain_text("Ligne 15")
    violations = serious_violations(frame)
    assert not violations, "\n".join(violations)
    merged.get_by_label("la remplacer par celle-ci").check()
    frame.get_by_role("button", name="Confirmer l'importation").click()
    expect(frame.locator(".flashes[role=status]")).to_contain_text(
        "1 ajoutée(s), 1 remplacée(s), 0 conservée(s), 1 rejetée(s)"
    )


def test_student_copies_a_citation_and_marks_it_read(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    page, frame = _in_frame(same_site, new_page, INES, "Inès Moreau",
                            "/references/reading")  # fmt: skip
    expect(
        frame.get_by_role("heading", level=1, name="Liste de lecture")
    ).to_be_visible()
    violations = serious_violations(frame)
    assert not violations, "\n".join(violations)
    # Top level, as the frame's page has no clipboard permission from the LMS.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(frame.url)
    entry = page.locator("li.reading-item").filter(has_text="Street-Level Bureaucracy")
    entry.get_by_role("button", name="Copier la citation").click()
    expect(entry.get_by_role("status")).to_have_text(
        "Citation copiée dans le presse-papiers."
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Lipsky, M. (1980). Street-Level Bureaucracy")
    assert "<" not in copied
    entry.get_by_role("button", name="Marquer comme lu").click()
    page.wait_for_url(re.compile(r"#item-\d+$"))
    entry = page.locator("li.reading-item").filter(has_text="Street-Level Bureaucracy")
    expect(entry).to_contain_text("Votre suivi : lu")
    expect(entry.get_by_role("button", name="Effacer le suivi")).to_be_visible()
    violations = serious_violations(page)
    assert not violations, "\n".join(violations)


def test_without_clipboard_access_the_text_is_selected_and_said(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    _page, frame = _in_frame(same_site, new_page, INES, "Inès Moreau",
                             "/references/reading")  # fmt: skip
    # In the LMS frame, without the clipboard permission: the fallback.
    frame.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    entry = frame.locator("li.reading-item").filter(has_text="Street-Level Bureaucracy")
    entry.get_by_role("button", name="Copier la citation").click()
    expect(entry.get_by_role("status")).to_contain_text("Copie impossible")
    selected = frame.evaluate("window.getSelection().toString()")
    assert "Street-Level Bureaucracy" in selected
