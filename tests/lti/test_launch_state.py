"""Launch state, the browser binding and replays: each refused with its own code."""

from __future__ import annotations

import secrets

import pytest
from flask import Flask

from tests.support.launcher import Launcher, reason
from tests.support.platform import Platform, b64url


def _signed(launcher: Launcher, nonce: str) -> str:
    return launcher.platform.sign(launcher.platform.claims(nonce))


def test_same_token_and_state_posted_twice_is_state_unknown(launcher: Launcher) -> None:
    login = launcher.login()
    token = _signed(launcher, login.nonce)
    assert launcher.post(token, login.state).status_code == 303
    replay = launcher.post(token, login.state)
    assert (replay.status_code, reason(replay)) == (400, "state-unknown")


def test_replayed_token_with_a_fresh_state_is_nonce_replayed(
    launcher: Launcher,
) -> None:
    first = launcher.login()
    token = _signed(launcher, first.nonce)
    assert launcher.post(token, first.state).status_code == 303
    fresh = launcher.login()
    replay = launcher.post(token, fresh.state)
    assert (replay.status_code, reason(replay)) == (401, "nonce-replayed")


def test_nonce_of_another_login_is_refused(launcher: Launcher) -> None:
    first, second = launcher.login(), launcher.login()
    response = launcher.post(_signed(launcher, second.nonce), first.state)
    assert (response.status_code, reason(response)) == (401, "nonce-unknown")


def test_forged_state_is_state_unknown(launcher: Launcher) -> None:
    login = launcher.login()
    forged = secrets.token_urlsafe(32)
    launcher.client.set_cookie(f"lti_state_{forged}", forged)
    response = launcher.post(_signed(launcher, login.nonce), forged)
    assert (response.status_code, reason(response)) == (400, "state-unknown")


def test_browser_without_the_state_cookie_is_refused(
    launcher: Launcher, app: Flask, platform: Platform
) -> None:
    login = launcher.login()
    # over https: over http this platform's other site would be http-cross-site
    response = app.test_client().post(
        "/lti/launch",
        data={"id_token": _signed(launcher, login.nonce), "state": login.state},
        base_url="https://localhost",
    )
    assert (response.status_code, reason(response)) == (400, "state-cookie-missing")


def test_state_cookie_of_another_value_is_state_mismatch(launcher: Launcher) -> None:
    login = launcher.login()
    launcher.client.set_cookie(f"lti_state_{login.state}", "another-value")
    response = launcher.post(_signed(launcher, login.nonce), login.state)
    assert (response.status_code, reason(response)) == (400, "state-mismatch")


def test_missing_id_token(launcher: Launcher) -> None:
    login = launcher.login()
    response = launcher.post(None, login.state)
    assert (response.status_code, reason(response)) == (400, "missing-id-token")


def test_missing_state(launcher: Launcher) -> None:
    login = launcher.login()
    response = launcher.post(_signed(launcher, login.nonce), None)
    assert (response.status_code, reason(response)) == (400, "missing-state")


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("not-a-jwt", id="one-part"),
        pytest.param("a.b", id="two-parts"),
        pytest.param("a.b.c.d", id="four-parts"),
        pytest.param("%%%.***.!!!", id="garbage-base64"),
        pytest.param(
            b64url(b"[1,2]") + "." + b64url(b"{}") + ".c2ln", id="header-not-an-object"
        ),
        pytest.param(
            b64url(b'{"alg":"RS256","kid":"k"}') + "." + b64url(b"not json") + ".c2ln",
            id="payload-not-json",
        ),
    ],
)
def test_malformed_jwt(launcher: Launcher, token: str) -> None:
    login = launcher.login()
    response = launcher.post(token, login.state)
    assert (response.status_code, reason(response)) == (400, "malformed-jwt")
