"""The instructor's assignment pages in Chromium: settings form, submissions and
extensions; axe-core finds no serious violation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_no_serious
from tests.browser.lms import MATHILDE, frame_on, launch_in_frame, ltik
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]


def test_instructor_creates_an_assignment(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    demo = same_site
    page = new_page()
    launch_in_frame(page, demo, MATHILDE, "Mathilde Garnier")
    frame = frame_on(page, demo, "/course/")
    frame.goto(f"{demo.tool_url}/submissions/?ltik={ltik(frame.url)}")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Devoirs")
    assert_no_serious(frame)
    frame.get_by_role("link", name="Nouveau devoir").click()
    expect(frame.get_by_role("heading", level=1)).to_have_text("Nouveau devoir")
    assert_no_serious(frame)
    frame.get_by_label("Titre").fill("Analyse d'un partenariat")
    frame.get_by_label("Date de remise (facultatif)").fill("2031-03-30T23:59")
    frame.get_by_label("PDF").uncheck()
    frame.get_by_role("button", name="Enregistrer").click()
    expect(frame.get_by_role("heading", level=1)).to_have_text(
        "Analyse d'un partenariat"
    )
    expect(frame.locator(".dates")).to_contain_text(
        "30 mars 2031 à 23:59 (Europe/Paris)"
    )
    assert_no_serious(frame)
    frame.get_by_role("link", name="Remises et délais").click()
    expect(frame.get_by_role("heading", level=1)).to_contain_text("Remises")
    assert_no_serious(frame)
