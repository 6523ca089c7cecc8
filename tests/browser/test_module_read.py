"""A module's "Marquer comme lu" answers in place: no reload, keyboard focus kept
on the read-mark buttons, and the state persists."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.lms import INES, tool_frame
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser


def test_mark_read_keeps_focus_without_reload(
    same_site: LiveDemo, new_page: Callable[..., Page]
) -> None:
    reader = tool_frame(new_page, same_site, INES, "Inès Moreau", "/modules/1")
    url = reader.url
    reader.evaluate("window.__notReloaded = true")
    mark = reader.get_by_role("button", name="Marquer comme lu")
    mark.focus()
    reader.page.keyboard.press("Enter")
    expect(reader.get_by_text("Vous avez marqué ce module comme lu.")).to_be_visible()
    expect(reader.get_by_role("button", name="Marquer comme non lu")).to_be_focused()
    assert reader.evaluate("window.__notReloaded === true")
    assert reader.url == url
    reader.page.keyboard.press("Enter")
    expect(reader.get_by_role("button", name="Marquer comme lu")).to_be_focused()
    reader.get_by_role("button", name="Marquer comme lu").press("Enter")
    expect(reader.get_by_role("button", name="Marquer comme non lu")).to_be_focused()
    reader.goto(url)  # persisted
    expect(reader.get_by_text("Vous avez marqué ce module comme lu.")).to_be_visible()
