"""The development LMS's platform storage mode, chosen per launch (``storage=1``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.devlms.conftest import LiveDemo
from tests.devlms.driver import LmsBrowser, parse


def test_storage_mode_adds_the_frame_and_carries_on_to_the_launch(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    page = parse(browser.get("/dev/lms/course/2/activity/1?as=4&storage=1"))
    frames = {frame.get("name") or frame.get("id"): frame for frame in page.iframes}
    assert frames["lti_storage_frame"]["src"] == "/dev/lms/storage-frame"
    assert "hidden" in frames["lti_storage_frame"]
    assert "storage=1" in frames["contentframe"]["src"]
    plain = parse(browser.get("/dev/lms/course/2/activity/1?as=4"))
    assert [f.get("id") for f in plain.iframes] == ["contentframe"]
    assert "storage=1" not in plain.iframes[0]["src"]


def test_storage_launch_names_the_frame_in_the_login_only_when_asked(
    browser: LmsBrowser,
) -> None:
    url = "/dev/lms/course/2/activity/1/launch?as=4&target=iframe"
    stored = parse(browser.get(url + "&storage=1")).form().fields
    assert stored["lti_storage_target"] == "lti_storage_frame"
    assert "lti_storage_target" not in parse(browser.get(url)).form().fields


def test_storage_frame_answers_only_the_tools_origins(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    response = browser.get("/dev/lms/storage-frame")
    assert response.headers["Cache-Control"] == "no-store"
    tool = urlsplit(live_demo.tool_url)
    assert f'data-tool-origins="{tool.scheme}://{tool.netloc}"' in response.text
    assert "<script>" not in response.text  # the CSP forbids inline scripts
