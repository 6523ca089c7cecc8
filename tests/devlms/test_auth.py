"""The authorization endpoint refuses what Moodle's ``auth.php`` refuses, as it does."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from sqlalchemy import update

from lti_app.devlms.models import DevLaunchHint, utcnow
from lti_app.extensions import db
from tests.devlms.conftest import LiveDemo
from tests.devlms.driver import LmsBrowser, parse


def _auth_query(browser: LmsBrowser, person: int = 4) -> tuple[str, dict[str, str]]:
    """A genuine authorization request from the tool, split for tampering."""
    url = browser.to_platform(browser.login_form(person))
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return f"{parts.scheme}://{parts.netloc}{parts.path}", query


def _get(browser: LmsBrowser, base: str, query: dict[str, str]) -> requests.Response:
    return browser.http.get(f"{base}?{urlencode(query)}", allow_redirects=False)


def _assert_invalid_request(response: requests.Response) -> None:
    assert response.status_code == 400
    assert "<code>invalidrequest</code>" in response.text
    assert "id_token" not in response.text
    assert response.headers["Cache-Control"] == "no-store"


def test_the_tool_asks_with_every_oidc_parameter(browser: LmsBrowser) -> None:
    base, query = _auth_query(browser)
    assert base.endswith("/dev/lms/auth")
    assert query["scope"] == "openid"
    assert query["response_type"] == "id_token"
    assert query["response_mode"] == "form_post"
    assert query["prompt"] == "none"
    assert query["login_hint"] == "4"
    assert {"client_id", "redirect_uri", "state", "nonce", "lti_message_hint"} <= set(
        query
    )


def test_unregistered_redirect_uri_gets_moodles_invalidrequest_page(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    base, query = _auth_query(browser)
    query["redirect_uri"] = live_demo.tool_url + "/lti/launch/"  # not the same string
    _assert_invalid_request(_get(browser, base, query))


def test_a_launch_is_redeemed_once(browser: LmsBrowser) -> None:
    base, query = _auth_query(browser)
    first = _get(browser, base, query)
    assert first.status_code == 200
    assert "id_token" in parse(first).form().fields
    _assert_invalid_request(_get(browser, base, query))


def test_a_refused_request_uses_up_the_launch_too(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    base, query = _auth_query(browser)
    _assert_invalid_request(
        _get(browser, base, {**query, "redirect_uri": "https://evil.test/"})
    )
    _assert_invalid_request(_get(browser, base, query))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lti_message_hint", '{"cmid":1,"launchid":"ltilaunch1_999"}'),
        ("lti_message_hint", "not json"),
        ("lti_message_hint", None),
        ("nonce", None),
        ("scope", "openid profile"),
        ("response_type", "code"),
        ("client_id", None),
    ],
)
def test_requests_that_name_no_usable_launch_end_on_the_error_page(
    browser: LmsBrowser, field: str, value: str | None
) -> None:
    base, query = _auth_query(browser)
    if value is None:
        del query[field]
    else:
        query[field] = value
    _assert_invalid_request(_get(browser, base, query))


@pytest.mark.parametrize(
    ("field", "value", "error", "description"),
    [
        ("client_id", "someone-else", "unauthorized_client", None),
        ("login_hint", "3", "access_denied", None),
        ("response_mode", "query", "invalid_request", "Invalid response_mode"),
        ("prompt", "login", "invalid_request", "Invalid prompt"),
    ],
)
def test_later_refusals_are_posted_back_to_the_tool_as_oidc_errors(
    live_demo: LiveDemo,
    browser: LmsBrowser,
    field: str,
    value: str,
    error: str,
    description: str | None,
) -> None:
    base, query = _auth_query(browser)
    query[field] = value
    response = _get(browser, base, query)
    assert response.status_code == 200
    form = parse(response).form()
    assert form.action == live_demo.tool_url + "/lti/launch"
    expected = {"error": error, "state": query["state"]}
    if description:
        expected["error_description"] = description
    assert form.fields == expected


def test_a_person_not_enrolled_cannot_open_the_course(live_demo: LiveDemo) -> None:
    browser = live_demo.browser()
    assert browser.get("/dev/lms/course/2/activity/1?as=99").status_code == 403
    assert browser.get("/dev/lms/course/2/activity/1/launch?as=99").status_code == 403
    assert browser.get("/dev/lms/course/2/activity/7?as=4").status_code == 404
    assert browser.get("/dev/lms/course/3/activity/1?as=4").status_code == 404


def test_a_launch_left_unused_for_ten_minutes_has_expired(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    base, query = _auth_query(browser)
    with live_demo.app.app_context():
        db.session.execute(
            update(DevLaunchHint).values(created_at=utcnow() - timedelta(minutes=11))
        )
        db.session.commit()
    _assert_invalid_request(_get(browser, base, query))
