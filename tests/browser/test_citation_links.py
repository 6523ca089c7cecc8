"""A citation in a module leads to its entry, highlighted, with a way back to the
citation that was followed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.lms import INES, tool_frame
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser


def test_citation_highlights_its_entry_and_leads_back(
    same_site: LiveDemo, new_page: Callable[..., Page]
) -> None:
    reader = tool_frame(new_page, same_site, INES, "Inès Moreau", "/modules/1")
    citations = reader.locator('.module-body a[href^="#ref-"]')
    assert citations.count() >= 2
    citation = citations.nth(1)
    key = citation.get_attribute("href")
    assert key is not None
    entry = reader.locator(f"[id='{key[1:]}']")
    citation.click()
    expect(entry).to_have_class("cited")
    expect(entry).to_be_focused()
    assert entry.evaluate("(e) => getComputedStyle(e).outlineStyle") == "solid"
    back = entry.get_by_role("link", name="Retour à la citation dans le texte")
    back.click()
    expect(citation).to_be_focused()
    expect(citation).to_be_in_viewport()
    expect(entry).not_to_have_class("cited")
    violations = serious_violations(reader, iframes=False)
    assert not violations, "\n".join(violations)
