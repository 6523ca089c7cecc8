"""Launches in Moodle's iframe when the tool is on another site (https) than the LMS."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.browser.lms import (
    INES,
    MATHILDE,
    activity_url,
    frame_on,
    go_to_participants,
    grant_assistant,
    launch_in_frame,
)
from tests.browser.probe import (
    BLOCK_THIRD_PARTY,
    PARTITIONED,
    PLAIN,
    CookieProbe,
    cookies_back_first_party,
    cookies_back_in_frame,
)
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser


@pytest.fixture
def cross_site(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    """LMS on http://localhost:<p1>, tool on https://127.0.0.1:<p2>, probe mounted."""
    return make_live_demo(wrap=CookieProbe().mount)


def test_third_party_cookies_are_really_blocked(
    cross_site: LiveDemo, profile_browser: Callable[[dict[str, Any]], BrowserContext]
) -> None:
    """With the setting on, a framed tool gets back only its ``Partitioned`` cookie;
    the same cookie without ``Partitioned`` comes back only first-party."""
    context = profile_browser(BLOCK_THIRD_PARTY)
    assert cookies_back_in_frame(context, cross_site.lms_url, cross_site.tool_url) == {
        PARTITIONED
    }
    assert PLAIN in cookies_back_first_party(context, cross_site.tool_url)


def test_launch_and_session_work_with_third_party_cookies_blocked(
    cross_site: LiveDemo, profile_browser: Callable[[dict[str, Any]], BrowserContext]
) -> None:
    """The partitioned state cookie carries the OIDC login through the frame, and
    the session then serves Participants and the CSRF-protected assistant form."""
    cross_site.browser().launch(person=INES)  # a student known to the course
    context = profile_browser(BLOCK_THIRD_PARTY)
    page = context.new_page()
    frame = launch_in_frame(page, cross_site, MATHILDE, "Mathilde Garnier")
    frame_on(page, cross_site, "/course/")
    partitioned = {
        c["name"]: c.get("partitionKey") for c in context.cookies(cross_site.tool_url)
    }
    assert partitioned.get("cartable_ltik") == "http://localhost", partitioned

    go_to_participants(frame)
    grant_assistant(frame, "Inès Moreau")
    frame_on(page, cross_site, "/course/members")
    assert page.url == activity_url(cross_site, MATHILDE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cartable")
