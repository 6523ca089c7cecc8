"""LTI platform storage in headless Chromium, with the tool's cookies blocked.

The development LMS's storage mode answers ``lti.capabilities``, ``lti.put_data``
and ``lti.get_data`` as Canvas does. A fake parent page (mounted at ``/_fake`` on
the LMS's server, opened on the LMS's origin or on another one) records every
message the tool sends, and answers rightly, with a wrong ``message_id``, or not
at all. It is served over the network, not by Playwright: Chromium treats a page
from nowhere as public, and refuses it to frame the local LMS.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask, request
from markupsafe import escape
from playwright.sync_api import BrowserContext, Page, expect
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from tests.browser.lms import (
    COURSE_TITLE,
    INES,
    MATHILDE,
    activity_url,
    expect_course_home,
    frame_on,
    go_to_participants,
    grant_assistant,
)
from tests.browser.probe import BLOCK_THIRD_PARTY, itp_like
from tests.browser.test_new_window import BLOCKED_TITLE, WINDOW_LINK
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
FRAME = "#contentframe"
TIMEOUT_MS = 600

# The fake parent: records each message, answers by ``MODE``:
# "answer" (as a platform should), "wrong-id" (put/get answered under another
# message_id), "silent" (never). Storage is named "_parent": the page itself.
FAKE_PARENT = """<!doctype html><html lang="en"><title>fake platform</title>
<iframe id="contentframe" title="tool" src="%(src)s" style="width:900px;height:600px">
</iframe>
<script>
window.received = [];
var kept = {};
var mode = %(mode)s;
window.addEventListener("message", function (event) {
  var m = event.data || {};
  window.received.push({origin: event.origin, subject: m.subject,
                        message_id: m.message_id, key: m.key, value: m.value});
  if (mode === "silent") { return; }
  var reply = {subject: m.subject + ".response", message_id: m.message_id};
  if (m.subject === "lti.capabilities") {
    reply.supported_messages = [{subject: "lti.put_data", frame: "_parent"},
                                {subject: "lti.get_data", frame: "_parent"}];
  } else {
    if (mode === "wrong-id") { reply.message_id = "other-" + m.message_id; }
    if (m.subject === "lti.put_data") { kept[event.origin + m.key] = m.value; }
    reply.key = m.key;
    reply.value = kept[event.origin + m.key];
  }
  event.source.postMessage(reply, event.origin);
});
</script></html>"""


def _parent_page() -> str:
    mode = request.args.get("mode", "answer")
    return FAKE_PARENT % {"src": escape(request.args["src"]), "mode": json.dumps(mode)}


def _mount_fake_parent(app: Any) -> Any:
    fake = Flask(__name__)
    fake.add_url_rule("/parent", view_func=_parent_page)
    return DispatcherMiddleware(app, {"/_fake": fake})


@pytest.fixture
def cross_site(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    """LMS on http://localhost, tool on https://127.0.0.1, a short storage timeout."""
    return make_live_demo(
        wrap=_mount_fake_parent, CARTABLE_STORAGE_TIMEOUT_MS=TIMEOUT_MS
    )


def _launch_src(demo: LiveDemo, person: int) -> str:
    """The LMS's own launch page, in storage mode (it sends lti_storage_target)."""
    return (
        f"{demo.lms_url}/dev/lms/course/2/activity/1/launch"
        f"?as={person}&target=iframe&storage=1"
    )


def _fake_parent(page: Page, origin: str, src: str, mode: str) -> None:
    """Open the fake parent on ``origin``, framing ``src``."""
    page.goto(f"{origin}/_fake/parent?" + urlencode({"src": src, "mode": mode}))


def _received(page: Page) -> list[dict[str, Any]]:
    """The platform-storage messages the parent got (frame resizes are another
    service, posted to any parent: their own test is in test_narrow_layout)."""
    messages: list[dict[str, Any]] = page.evaluate("window.received")
    return [m for m in messages if m["subject"] != "lti.frameResize"]


def test_devlms_storage_mode_launches_with_every_tool_cookie_blocked(
    cross_site: LiveDemo, profile_browser: Callable[[dict[str, Any]], BrowserContext]
) -> None:
    """No cookie of the tool survives in the frame; the state travels through the
    LMS's storage frame, and the session then serves the CSRF-protected form."""
    cross_site.browser().launch(person=INES)  # a student known to the course
    context = profile_browser(itp_like(cross_site))
    page = context.new_page()
    page.goto(activity_url(cross_site, MATHILDE) + "&storage=1")
    frame = page.frame_locator(FRAME)
    expect_course_home(frame, "Mathilde Garnier")
    frame_on(page, cross_site, "/course/")
    assert context.cookies(cross_site.tool_url) == []
    go_to_participants(frame)
    grant_assistant(frame, "Inès Moreau")


def test_fake_parent_sees_only_its_origin_and_fresh_message_ids(
    cross_site: LiveDemo, profile_browser: Callable[[dict[str, Any]], BrowserContext]
) -> None:
    """Every message comes from the tool's origin, reaches a parent on the
    platform's origin, carries a new message_id, and stores state then nonce."""
    context = profile_browser(itp_like(cross_site))
    page = context.new_page()
    parent = cross_site.lms_url
    _fake_parent(page, parent, _launch_src(cross_site, MATHILDE), "answer")
    expect_course_home(page.frame_locator(FRAME), "Mathilde Garnier")
    received = _received(page)
    assert {m["origin"] for m in received} == {cross_site.tool_url}
    subjects = [m["subject"] for m in received]
    assert subjects == [
        "lti.capabilities",
        "lti.put_data",
        "lti.put_data",
        "lti.capabilities",
        "lti.get_data",
        "lti.get_data",
    ]
    ids = [m["message_id"] for m in received]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(set(ids)) == len(ids)
    state, nonce = received[1], received[2]
    assert state["key"] == f"state-{state['value']}"
    assert nonce["key"] == f"nonce-{nonce['value']}"
    assert [m["key"] for m in received[4:]] == [state["key"], nonce["key"]]
    assert context.cookies(cross_site.tool_url) == []


def test_answers_under_another_message_id_are_ignored_then_cookies_serve(
    cross_site: LiveDemo, profile_browser: Callable[[dict[str, Any]], BrowserContext]
) -> None:
    """A put_data answer that is not for our message counts for nothing: after the
    timeout the login goes on by the partitioned state cookie."""
    context = profile_browser(BLOCK_THIRD_PARTY)
    page = context.new_page()
    parent = cross_site.lms_url
    _fake_parent(page, parent, _launch_src(cross_site, MATHILDE), "wrong-id")
    expect_course_home(page.frame_locator(FRAME), "Mathilde Garnier")
    subjects = [m["subject"] for m in _received(page)]
    # One put_data, unanswered for us; the launch found the cookie, read nothing.
    assert subjects == ["lti.capabilities", "lti.put_data"]


def test_a_parent_on_another_origin_receives_nothing(
    cross_site: LiveDemo, profile_browser: Callable[[dict[str, Any]], BrowserContext]
) -> None:
    """Messages target the platform's origin, never "*": a parent on another
    origin (the LMS's host by its address) gets none of them, and the launch
    falls back to the state cookie."""
    context = profile_browser(BLOCK_THIRD_PARTY)
    page = context.new_page()
    elsewhere = cross_site.lms_url.replace("//localhost:", "//127.0.0.1:")
    assert elsewhere != cross_site.lms_url
    # Only registered origins may frame the tool: the operator adds this address
    # of the LMS; the messages still go to the issuer's origin alone.
    info = cross_site.info
    allowed = cross_site.app.test_cli_runner().invoke(args=[
        "platforms", "frame-origins", "--issuer", info.issuer,
        "--client-id", info.client_id, elsewhere,
    ])  # fmt: skip
    assert allowed.exit_code == 0, allowed.output
    _fake_parent(page, elsewhere, _launch_src(cross_site, MATHILDE), "answer")
    expect_course_home(page.frame_locator(FRAME), "Mathilde Garnier")
    assert _received(page) == []


def test_silent_platform_and_no_cookie_end_in_the_new_window(
    cross_site: LiveDemo, profile_browser: Callable[[dict[str, Any]], BrowserContext]
) -> None:
    """The timeout hands over to the cookie path; with no cookie at all that is
    the new-window offer, which completes the launch in one click."""
    context = profile_browser(itp_like(cross_site))
    page = context.new_page()
    parent = cross_site.lms_url
    _fake_parent(page, parent, _launch_src(cross_site, MATHILDE), "silent")
    frame = page.frame_locator(FRAME)
    expect(frame.get_by_role("heading", level=1)).to_have_text(BLOCKED_TITLE)
    with page.expect_popup() as opened:
        frame.get_by_role("link", name=WINDOW_LINK).click()
    expect_course_home(opened.value, "Mathilde Garnier")


def test_a_parent_the_operator_did_not_register_cannot_frame_the_tool(
    cross_site: LiveDemo, new_page: Callable[..., Page]
) -> None:
    """Row 6 of issue 16: frame-ancestors lists registered origins only."""
    page = new_page()
    elsewhere = cross_site.lms_url.replace("//localhost:", "//127.0.0.1:")
    with page.expect_event(
        "framenavigated", predicate=lambda f: f.url.startswith("chrome-error:")
    ):
        _fake_parent(page, elsewhere, _launch_src(cross_site, MATHILDE), "answer")
    expect(page.frame_locator(FRAME).get_by_text(COURSE_TITLE)).to_have_count(0)
