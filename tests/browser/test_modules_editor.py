"""The module editor in Chromium, inside the LMS frame: autosave, restore, preview."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_no_serious
from tests.browser.lms import MATHILDE, frame_on, launch_in_frame, ltik
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]


def test_typing_autosaves_a_draft_offered_after_reload(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    page = new_page()
    launch_in_frame(page, same_site, MATHILDE, "Mathilde Garnier")
    frame = frame_on(page, same_site, "/course/")
    editor = f"{same_site.tool_url}/modules/new?ltik={ltik(frame.url)}"
    frame.goto(editor)
    frame.get_by_label("Titre").fill("Brouillon vivant")
    frame.get_by_label("Texte (Markdown").press_sequentially("# Une idée\n\nÀ garder.")
    expect(frame.locator("#autosave-status")).to_contain_text(
        "Brouillon enregistré", timeout=10_000
    )
    expect(frame.locator("#live-preview h1")).to_have_text("Une idée")
    assert_no_serious(frame)

    frame.goto(editor)
    offer = frame.get_by_role("alert").filter(has_text="Brouillon non enregistré")
    expect(offer).to_be_visible()
    expect(frame.get_by_label("Texte (Markdown")).to_have_value("")
    assert_no_serious(frame)
    frame.get_by_role("button", name="Restaurer le brouillon").click()
    expect(frame.get_by_label("Texte (Markdown")).to_have_value(
        "# Une idée\n\nÀ garder."
    )
    expect(frame.get_by_label("Titre")).to_have_value("Brouillon vivant")


def test_a_local_copy_is_offered_on_the_edit_page(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    """Text kept in the browser (e.g. after the launch expired) is offered back."""
    page = new_page()
    launch_in_frame(page, same_site, MATHILDE, "Mathilde Garnier")
    frame = frame_on(page, same_site, "/course/")
    frame.goto(f"{same_site.tool_url}/modules/?ltik={ltik(frame.url)}")
    frame.get_by_role("link", name="Modifier « Les élu·es dans l'action").click()
    key = frame.locator("#module-editor").get_attribute("data-storage-key")
    frame.evaluate(
        "([key]) => localStorage.setItem(key, JSON.stringify({title: 'T', "
        "body: 'Copie locale', base_revision: '1', savedAt: new Date().toISOString()}))",
        [key],
    )
    frame.goto(frame.url)
    expect(frame.locator("#local-draft")).to_contain_text("copie locale plus récente")
    expect(
        frame.get_by_role("heading", name="Images et fichiers joints")
    ).to_be_visible()
    assert_no_serious(frame)
    frame.get_by_role("button", name="Restaurer la copie locale").click()
    expect(frame.get_by_label("Texte (Markdown")).to_have_value("Copie locale")
