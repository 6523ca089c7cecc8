"""The new-window fallback when the browser refuses the tool's cookies in frames."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.browser.lms import (
    INES,
    MATHILDE,
    expect_course_home,
    go_to_participants,
    grant_assistant,
    open_activity,
)
from tests.browser.probe import (
    PLAIN,
    CookieProbe,
    cookies_back_first_party,
    cookies_back_in_frame,
    itp_like,
)
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
BLOCKED_TITLE = "Votre navigateur bloque les cookies de Cartable dans cette page"
WINDOW_LINK = "Ouvrir Cartable dans une nouvelle fenêtre"


@pytest.fixture
def cross_site(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    """LMS on http://localhost:<p1>, tool on https://127.0.0.1:<p2>, probe mounted."""
    return make_live_demo(wrap=CookieProbe().mount)


def test_the_emulation_blocks_framed_cookies_only(
    cross_site: LiveDemo, profile_browser: Callable[[dict[str, Any]], BrowserContext]
) -> None:
    """Framed under the LMS the tool keeps no cookie, not even a partitioned one;
    as the top-level page it keeps a plain one."""
    context = profile_browser(itp_like(cross_site))
    framed = cookies_back_in_frame(context, cross_site.lms_url, cross_site.tool_url)
    assert framed == set()
    assert PLAIN in cookies_back_first_party(context, cross_site.tool_url)


def test_new_window_completes_the_launch_without_another_click(
    cross_site: LiveDemo, profile_browser: Callable[[dict[str, Any]], BrowserContext]
) -> None:
    """The frame offers a new window; the popup sets the state cookie first-party,
    finishes the OIDC exchange by itself and lands on the course home, where the
    session (token in links and forms) serves Participants and the assistant form."""
    cross_site.browser().launch(person=INES)  # a student known to the course
    context = profile_browser(itp_like(cross_site))
    page = context.new_page()
    frame = open_activity(page, cross_site, MATHILDE)
    expect(frame.get_by_role("heading", level=1)).to_have_text(BLOCKED_TITLE)

    with page.expect_popup() as opened:
        frame.get_by_role("link", name=WINDOW_LINK).click()
    popup = opened.value
    expect_course_home(popup, "Mathilde Garnier")
    assert popup.url.startswith(cross_site.tool_url + "/course/?ltik=")

    go_to_participants(popup)
    assert "ltik=" in popup.url
    expect(popup.locator('form input[name="ltik"]').first).not_to_have_value("")
    grant_assistant(popup, "Inès Moreau")
    expect(frame.get_by_role("heading", level=1)).to_have_text(BLOCKED_TITLE)
