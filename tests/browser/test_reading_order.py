"""Reordering a reading-list section: drag and drop, and the keyboard way (the
move buttons, answered in place with an announcement); both persist."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Frame, Locator, Page, expect

from lti_app.references import queries
from tests.browser.accessibility import serious_violations
from tests.browser.lms import MATHILDE, tool_frame
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]
FIRST = "/references/sections/1"


def _stored_keys(demo: LiveDemo) -> list[str]:
    with demo.app.app_context():
        sections = queries.list_sections(1) or []
        section = next(s for s in sections if s.id == 1)
        return [item.reference.key for item in queries.list_items(section)]


def _shown_keys(frame: Frame) -> list[str]:
    return frame.locator("ol[data-reorder] > li > p:first-child a").all_inner_texts()


def _drag(frame: Frame, handle: Locator, onto: Locator) -> None:
    """Press on the handle, move over the top edge of ``onto`` in steps, release."""
    onto.scroll_into_view_if_needed()
    start, target = handle.bounding_box(), onto.bounding_box()
    assert start is not None
    assert target is not None
    mouse = frame.page.mouse
    mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    mouse.down()
    mouse.move(target["x"] + 20, target["y"] + 4, steps=8)
    mouse.move(target["x"] + 20, target["y"] + 3, steps=2)
    mouse.up()


def test_drag_and_keyboard_reorder_and_persist(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    demo = same_site
    frame = tool_frame(new_page, demo, MATHILDE, "Mathilde Garnier", FIRST)
    frame.page.set_viewport_size({"width": 1280, "height": 1600})  # the whole list
    assert _shown_keys(frame) == ["morel2020", "lyet2008", "damon2002", "dumont2012"]
    assert _stored_keys(demo) == _shown_keys(frame)
    url = frame.url
    reloads: list[str] = []
    frame.page.on(
        "framenavigated", lambda f: reloads.append(f.url) if f == frame else None
    )

    # Keyboard: Tab to "Descendre morel2020", press Enter: moved, announced, focus kept.
    down = frame.get_by_role("button", name="Descendre morel2020")
    down.focus()
    down.press("Enter")
    status = frame.locator("#reorder-status")
    expect(status).to_have_text(
        "«\u00a0morel2020\u00a0» est maintenant en position 2 sur 4."
    )
    expect(down).to_be_focused()
    assert _shown_keys(frame) == ["lyet2008", "morel2020", "damon2002", "dumont2012"]
    assert _stored_keys(demo) == _shown_keys(frame)
    expect(frame.get_by_role("button", name="Monter lyet2008")).to_be_hidden()

    # Mouse: drag dumont2012 by its handle onto the first item.
    items = frame.locator("ol[data-reorder] > li")
    _drag(frame, items.nth(3).locator(".drag-handle"), items.nth(0))
    expect(status).to_have_text(
        "«\u00a0dumont2012\u00a0» est maintenant en position 1 sur 4."
    )
    assert _shown_keys(frame) == ["dumont2012", "lyet2008", "morel2020", "damon2002"]
    assert _stored_keys(demo) == _shown_keys(frame)
    assert reloads == [], "a move reloaded the page"

    frame.goto(url)  # persisted: the page again shows the new order
    assert _shown_keys(frame) == ["dumont2012", "lyet2008", "morel2020", "damon2002"]
    violations = serious_violations(frame, iframes=False)
    assert not violations, "\n".join(violations)
