"""The development LMS lets the person choose French or English, then launches
again in that language (Moodle's preferred language, sent as the launch locale)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.lms import INES, launch_in_frame
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser


def test_choose_english_then_french_at_launch(
    same_site: LiveDemo, new_page: Callable[..., Page]
) -> None:
    page = new_page()
    tool = launch_in_frame(page, same_site, INES, "Inès Moreau")
    expect(tool.locator("html")).to_have_attribute("lang", "fr")
    expect(tool.get_by_role("link", name="Aller au contenu")).to_be_attached()

    page.get_by_label(
        "Langue de la personne (envoyée à l’outil au lancement)"
    ).select_option("en")
    page.get_by_role("button", name="Changer la langue et relancer").click()
    expect(tool.get_by_role("navigation", name="Course navigation")).to_be_visible()
    expect(tool.locator("html")).to_have_attribute("lang", "en")
    expect(tool.get_by_role("link", name="Skip to content")).to_be_attached()
    expect(
        page.get_by_label("Langue de la personne (envoyée à l’outil au lancement)")
    ).to_have_value("en")

    page.get_by_label(
        "Langue de la personne (envoyée à l’outil au lancement)"
    ).select_option("fr")
    page.get_by_role("button", name="Changer la langue et relancer").click()
    expect(tool.locator("html")).to_have_attribute("lang", "fr")
