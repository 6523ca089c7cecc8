"""Moodle's mobile default: the launch opens in the full window, not in an iframe.

Such a launch must work exactly as one in ``#contentframe``: the tool is then the
top-level page, its cookies are first-party, and the session serves its forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.browser.lms import (
    INES,
    MATHILDE,
    activity_url,
    expect_course_home,
    go_to_participants,
    grant_assistant,
)
from tests.browser.probe import itp_like
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
WINDOW_ACTIVITY = 2  # the demo's "open in a new window" activity


@pytest.mark.parametrize("storage", [False, True], ids=["cookies", "storage-mode"])
def test_window_launch_works_like_a_framed_one(
    live_demo: LiveDemo,
    profile_browser: Callable[[dict[str, Any]], BrowserContext],
    storage: bool,
) -> None:
    """With the tool's framed cookies blocked, the window launch still lands on the
    course home (in storage mode, by the cookie path when no platform answers),
    and Participants and the assistant form work."""
    live_demo.browser().launch(person=INES)  # a student known to the course
    context = profile_browser(itp_like(live_demo))
    page = context.new_page()
    url = activity_url(live_demo, MATHILDE, WINDOW_ACTIVITY)
    page.goto(url + ("&storage=1" if storage else ""))
    expect(page.locator("#contentframe")).to_have_count(0)
    with page.expect_popup() as opened:
        page.get_by_role(
            "link", name="Ouvrir « Cartable — Dossier documentaire »"
        ).click()
    window = opened.value
    expect_course_home(window, "Mathilde Garnier")
    assert window.url.startswith(live_demo.tool_url + "/course/?ltik=")
    go_to_participants(window)
    grant_assistant(window, "Inès Moreau")
