"""The bibliography in Chromium: the staff import preview and the students' list.

Both pages are checked with axe-core (no serious or critical violation) where
the person sees them: in the development LMS's frame.
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


def test_import_preview_shows_added_merged_rejected_then_confirms(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    frame = tool_frame(new_page, same_site, MATHILDE, "Mathilde Garnier",
                       "/references/add")  # fmt: skip
    frame.get_by_label("Fichier .bib, .ris ou .json (CSL-JSON)").set_input_files(
        {"name": "cours.bib", "mimeType": "text/x-bibtex", "buffer": UPLOAD}
    )
    frame.get_by_role("button", name="Analyser le fichier").click()
    expect(
        frame.get_by_role("heading", level=1, name="Aperçu de l'importation")
    ).to_be_visible()
    rows = frame.get_by_role("row")
    expect(rows.filter(has_text="castel1995")).to_contain_text("sera ajoutée")
    merged = rows.filter(has_text="Street-Level Bureaucracy")
    expect(merged).to_contain_text("l’existante est gardée, sauf si vous choisissez")
    expect(merged).to_contain_text("déjà dans le cours sous la clé lipsky1980")
    expect(merged).to_contain_text("Doublon de lipsky1980 (même clé)")
    rejected = rows.filter(has_text="cassé")
    expect(rejected).to_contain_text("ne sera pas importée")
    expect(rejected).to_contain_text("Ligne 15")
    assert_no_serious(frame)
    merged.get_by_label("la remplacer par celle-ci").check()
    frame.get_by_role("button", name="Confirmer l'importation").click()
    expect(frame.locator(".flashes[role=status]")).to_contain_text(
        "1 ajoutée(s), 1 remplacée(s), 0 conservée(s), 1 rejetée(s)"
    )


def test_student_copies_a_citation_and_marks_it_read(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    frame = tool_frame(new_page, same_site, INES, "Inès Moreau",
                       "/references/reading")  # fmt: skip
    page = frame.page
    expect(
        frame.get_by_role("heading", level=1, name="Liste de lecture")
    ).to_be_visible()
    assert_no_serious(frame)
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
    # From the keyboard, without a reload: the state changes in place and focus
    # stays in the entry, on its next mark button.
    url = page.url
    page.evaluate("window.__notReloaded = true")
    entry.get_by_role("button", name="Marquer comme lu").focus()
    page.keyboard.press("Enter")
    expect(entry).to_contain_text("Votre suivi : lu")
    expect(entry.get_by_role("button", name="Marquer « à lire »")).to_be_focused()
    expect(entry.get_by_role("button", name="Marquer comme lu")).to_be_hidden()
    expect(page.locator("#mark-status")).to_have_text("Suivi enregistré\u00a0: lu.")
    assert page.evaluate("window.__notReloaded === true")
    assert page.url == url
    entry.get_by_role("button", name="Effacer le suivi").click()
    expect(entry).to_contain_text("Votre suivi : non marqué")
    expect(entry.get_by_role("button", name="Marquer comme lu")).to_be_visible()
    expect(entry.get_by_role("button", name="Effacer le suivi")).to_be_hidden()
    page.reload()  # persisted
    entry = page.locator("li.reading-item").filter(has_text="Street-Level Bureaucracy")
    expect(entry).to_contain_text("Votre suivi : non marqué")
    assert_no_serious(page)


def test_without_clipboard_access_the_text_is_selected_and_said(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    frame = tool_frame(new_page, same_site, INES, "Inès Moreau",
                       "/references/reading")  # fmt: skip
    # In the LMS frame, without the clipboard permission: the fallback.
    frame.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    entry = frame.locator("li.reading-item").filter(has_text="Street-Level Bureaucracy")
    entry.get_by_role("button", name="Copier la citation").click()
    expect(entry.get_by_role("status")).to_contain_text("Copie impossible")
    selected = frame.evaluate("window.getSelection().toString()")
    assert "Street-Level Bureaucracy" in selected
