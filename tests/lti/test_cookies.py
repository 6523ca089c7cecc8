"""Launch cookies and headers: over http, behind a trusted TLS proxy, and not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.conftest import register
from tests.support.launcher import Launcher
from tests.support.platform import Platform

HTTPS = {"X-Forwarded-Proto": "https"}


def _cookie(response: TestResponse, prefix: str) -> str:
    found = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(prefix)]
    assert len(found) == 1, response.headers.getlist("Set-Cookie")
    return found[0]


def _attributes(cookie: str) -> set[str]:
    """``samesite=<value>`` and the bare names of the other attributes, lower-cased."""
    parts = [part.strip().lower() for part in cookie.split(";")[1:]]
    return {p if p.startswith("samesite") else p.split("=")[0] for p in parts}


def _login_and_launch(
    app: Flask, platform: Platform, headers: dict[str, str]
) -> tuple[TestResponse, TestResponse]:
    """Login and launch with ``headers`` on every request; the two responses."""
    client = app.test_client()
    launcher = Launcher(client, platform)
    start = client.post("/lti/login", data=launcher.login_params(), headers=headers)
    assert start.status_code == 303, start.text
    onward = client.get(start.location, headers=headers)
    assert onward.status_code == 303, onward.text
    state = start.location.split("state=")[1]
    nonce = onward.location.split("nonce=")[1].split("&")[0]
    token = platform.sign(platform.claims(nonce))
    launch = client.post(
        "/lti/launch", data={"id_token": token, "state": state}, headers=headers
    )
    assert launch.status_code == 303, launch.text
    return start, launch


@pytest.fixture
def build(make_app: Callable[..., Flask], platform: Platform) -> Callable[..., Flask]:
    def _build(**settings: object) -> Flask:
        app = make_app(**settings)
        register(app, platform)
        return app

    return _build


def test_plain_http_cookies_are_lax_and_not_secure(
    build: Callable[..., Flask], platform: Platform
) -> None:
    start, launch = _login_and_launch(build(), platform, {})
    for cookie in (_cookie(start, "lti_state_"), _cookie(launch, "cartable_ltik=")):
        attributes = _attributes(cookie)
        assert "samesite=lax" in attributes
        assert "httponly" in attributes
        assert "secure" not in attributes
        assert "partitioned" not in attributes


def test_behind_a_tls_proxy_cookies_survive_the_iframe(
    build: Callable[..., Flask], platform: Platform
) -> None:
    start, launch = _login_and_launch(build(CARTABLE_PROXY_HOPS=1), platform, HTTPS)
    for cookie in (_cookie(start, "lti_state_"), _cookie(launch, "cartable_ltik=")):
        assert {"secure", "samesite=none", "partitioned", "httponly"} <= _attributes(
            cookie
        )


def test_without_proxy_fix_forwarded_proto_is_not_trusted(
    build: Callable[..., Flask], platform: Platform
) -> None:
    start, launch = _login_and_launch(build(CARTABLE_PROXY_HOPS=0), platform, HTTPS)
    for cookie in (_cookie(start, "lti_state_"), _cookie(launch, "cartable_ltik=")):
        assert "secure" not in _attributes(cookie)
        assert "samesite=lax" in _attributes(cookie)


def test_behind_a_tls_proxy_redirect_uri_is_https(
    build: Callable[..., Flask], platform: Platform
) -> None:
    app = build(CARTABLE_PROXY_HOPS=1)
    client = app.test_client()
    start = client.post(
        "/lti/login", data=Launcher(client, platform).login_params(), headers=HTTPS
    )
    onward = client.get(start.location, headers=HTTPS)
    assert "redirect_uri=https%3A%2F%2Flocalhost%2Flti%2Flaunch" in onward.location


def test_launch_sets_the_token_cookie_and_clears_the_state_cookie(
    launcher: Launcher,
) -> None:
    login = launcher.login()
    token = launcher.platform.sign(launcher.platform.claims(login.nonce))
    response = launcher.post(token, login.state)
    ltik = response.location.split("ltik=")[1]
    assert _cookie(response, "cartable_ltik=").startswith(f"cartable_ltik={ltik};")
    cleared = _cookie(response, f"lti_state_{login.state}=")
    assert "max-age=0" in cleared.lower()
    assert launcher.client.get_cookie(f"lti_state_{login.state}") is None


def test_pages_send_referrer_policy_same_origin(launcher: Launcher) -> None:
    token = launcher.launch_token()
    responses = [
        launcher.client.get(f"/course/?ltik={token}"),
        launcher.client.get("/course/"),  # the cookie
        launcher.client.get("/course/?ltik=garbage"),  # an error page
        launcher.start_login(iss="https://unknown.example.test"),
    ]
    for response in responses:
        assert response.headers["Referrer-Policy"] == "same-origin"
    assert responses[0].headers["Cache-Control"] == "no-store"
