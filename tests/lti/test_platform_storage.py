"""LTI platform storage (lti_storage_target) over HTTP: the server's half.

The browser's half (postMessages to the platform's frames) is in
``tests/browser/test_platform_storage.py``.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.support.launcher import Launcher, reason
from tests.support.platform import Platform

TARGET = "post_message_forwarding"
# The origin of the platform's OIDC authorisation endpoint, not of its issuer
# (the test platform's differ, as Canvas's do): its frames answer.
AUTH_ORIGIN = "https://lms.example.test"


def _data(page: TestResponse, name: str) -> str:
    found = re.search(rf'data-{name}="([^"]*)"', page.text)
    assert found, f"no data-{name} in the page"
    return found.group(1).replace("&amp;", "&")


def _storage_login(launcher: Launcher) -> tuple[str, str]:
    """Log in with a storage target; return state and nonce the page would store."""
    page = launcher.start_login(lti_storage_target=TARGET)
    assert page.status_code == 200, page.text
    return _data(page, "state"), _data(page, "nonce")


HTTPS = "https://localhost"


def _other_browser(app: Flask, platform: Platform) -> Launcher:
    """A browser that kept no cookie: the tool framed with cookies blocked."""
    return Launcher(app.test_client(), platform)


def test_login_page_stores_in_the_platform_frame_then_goes_on(
    launcher: Launcher, platform: Platform
) -> None:
    page = launcher.start_login(lti_storage_target=TARGET)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert _data(page, "mode") == "login"
    assert _data(page, "target") == TARGET
    assert _data(page, "origin") == AUTH_ORIGIN
    assert _data(page, "next").startswith(platform.auth_login_url + "?")
    state = _data(page, "state")
    assert f"state={state}" in _data(page, "next")
    assert _data(page, "fallback") == f"/lti/login/continue?state={state}"
    assert "platform_storage.js" in page.text
    # The cookie path stays ready for a platform that does not answer.
    cookie = launcher.client.get_cookie(f"lti_state_{state}")
    assert cookie is not None
    assert cookie.value == state


def test_login_without_storage_target_redirects_as_before(launcher: Launcher) -> None:
    response = launcher.start_login()
    assert response.status_code == 303
    assert response.location.startswith("/lti/login/continue?state=")


@pytest.mark.parametrize("target", ["a b", "<script>", "x" * 65, "frames['x']"])
def test_malformed_storage_target_is_refused(launcher: Launcher, target: str) -> None:
    response = launcher.start_login(lti_storage_target=target)
    assert (response.status_code, reason(response)) == (400, "bad-storage-target")


def test_launch_without_cookie_first_reads_platform_storage(
    launcher: Launcher, app: Flask, platform: Platform
) -> None:
    state, nonce = _storage_login(launcher)
    token = platform.sign(platform.claims(nonce))
    framed = _other_browser(app, platform)
    page = framed.post(token, state)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert _data(page, "mode") == "launch"
    assert _data(page, "origin") == AUTH_ORIGIN
    assert (_data(page, "state"), _data(page, "nonce")) == (state, nonce)
    # Nothing consumed yet: the page posts the launch again with what it read.
    values = {"lti_storage_state": state, "lti_storage_nonce": nonce}
    done = framed.client.post(
        "/lti/launch", data={"id_token": token, "state": state, **values}
    )
    assert done.status_code == 303, done.text
    assert done.location.startswith("/course/?ltik=")
    replay = framed.client.post(
        "/lti/launch", data={"id_token": token, "state": state, **values}
    )
    assert (replay.status_code, reason(replay)) == (400, "state-unknown")


@pytest.mark.parametrize(
    ("field", "value"),
    [("lti_storage_state", "another-state"), ("lti_storage_nonce", "another-nonce")],
)
def test_values_read_back_must_be_this_logins(
    launcher: Launcher, app: Flask, platform: Platform, field: str, value: str
) -> None:
    state, nonce = _storage_login(launcher)
    form = {
        "id_token": platform.sign(platform.claims(nonce)),
        "state": state,
        "lti_storage_state": state,
        "lti_storage_nonce": nonce,
    }
    form[field] = value
    response = _other_browser(app, platform).client.post("/lti/launch", data=form)
    assert (response.status_code, reason(response)) == (400, "storage-mismatch")


def test_storage_that_failed_ends_like_a_missing_cookie(
    launcher: Launcher, app: Flask, platform: Platform
) -> None:
    state, nonce = _storage_login(launcher)
    form = {
        "id_token": platform.sign(platform.claims(nonce)),
        "state": state,
        "lti_storage_failed": "1",
    }
    response = _other_browser(app, platform).client.post(
        "/lti/launch",
        data=form,
        base_url=HTTPS,  # over http: http-cross-site
    )
    assert (response.status_code, reason(response)) == (400, "state-cookie-missing")


def test_storage_values_do_not_replace_the_cookie_of_a_cookie_login(
    launcher: Launcher, app: Flask, platform: Platform
) -> None:
    """A login without ``lti_storage_target`` is bound by its cookie only."""
    login = launcher.login()
    form = {
        "id_token": platform.sign(platform.claims(login.nonce)),
        "state": login.state,
        "lti_storage_state": login.state,
        "lti_storage_nonce": login.nonce,
    }
    response = _other_browser(app, platform).client.post(
        "/lti/launch",
        data=form,
        base_url=HTTPS,  # over http: http-cross-site
    )
    assert (response.status_code, reason(response)) == (400, "state-cookie-missing")


def test_the_cookie_still_wins_when_the_browser_kept_it(
    launcher: Launcher, platform: Platform
) -> None:
    state, nonce = _storage_login(launcher)
    response = launcher.post(platform.sign(platform.claims(nonce)), state)
    assert response.status_code == 303
    assert response.location.startswith("/course/?ltik=")
