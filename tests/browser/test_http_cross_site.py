"""Tool on http://127.0.0.1, LMS on http://localhost: two sites, no https.

Chromium sends no ``SameSite=Lax`` cookie with Moodle's cross-site form post,
framed or in a new window: both end on the page that says https is needed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from tests.browser.lms import MATHILDE, activity_url, open_activity
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
REFUSED = "Cartable n'a pas pu s'ouvrir"
HTTPS_NEEDED = "doit être servi en https lorsqu’il n’est pas sur le même site"
WINDOW_ACTIVITY = 2  # the demo's "open in a new window" activity


@pytest.fixture
def http_cross_site(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    return make_live_demo(tool_tls=False)


def _told_https(root: Page | FrameLocator) -> None:
    expect(root.get_by_role("heading", level=1)).to_have_text(REFUSED)
    expect(root.locator("code")).to_have_text("http-cross-site")
    expect(root.get_by_text(HTTPS_NEEDED)).to_be_visible()
    expect(root.get_by_role("link", name="nouvelle fenêtre")).to_have_count(0)


def test_framed_launch_says_https_is_needed(
    http_cross_site: LiveDemo, new_page: Callable[..., Page]
) -> None:
    page = new_page()
    _told_https(open_activity(page, http_cross_site, MATHILDE))


def test_window_launch_fails_the_same_way_and_says_so(
    http_cross_site: LiveDemo, new_page: Callable[..., Page]
) -> None:
    """A top-level window: the login keeps its cookie, the launch post loses it."""
    page = new_page()
    page.goto(activity_url(http_cross_site, MATHILDE, WINDOW_ACTIVITY))
    with page.expect_popup() as opened:
        page.get_by_role(
            "link", name="Ouvrir « Cartable — Dossier documentaire »"
        ).click()
    _told_https(opened.value)
