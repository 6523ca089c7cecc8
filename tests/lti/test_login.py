"""OIDC login initiation: who may start a launch, and where the browser may be sent."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from tests.conftest import register
from tests.support.launcher import Launcher, reason
from tests.support.platform import Platform, running_platform


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        pytest.param(
            {"iss": "https://unknown.example.test"},
            400,
            "unknown-issuer",
            id="unknown-issuer",
        ),
        pytest.param(
            {"client_id": "no-such-client"}, 400, "unknown-client", id="unknown-client"
        ),
        pytest.param(
            {"login_hint": None}, 400, "login-missing-param", id="no-login-hint"
        ),
        pytest.param({"iss": None}, 400, "login-missing-param", id="no-iss"),
        pytest.param(
            {"target_link_uri": None},
            400,
            "login-missing-param",
            id="no-target-link-uri",
        ),
        pytest.param(
            {"target_link_uri": "https://evil.example/x"},
            400,
            "bad-target-link",
            id="target-elsewhere",
        ),
        pytest.param(
            {"target_link_uri": "http://localhost.evil.example/lti/launch"},
            400,
            "bad-target-link",
            id="target-lookalike-host",
        ),
        pytest.param(
            {"target_link_uri": "http://evil.example@localhost.evil.example/"},
            400,
            "bad-target-link",
            id="target-userinfo-trick",
        ),
        pytest.param(
            {"target_link_uri": "javascript:alert(1)"},
            400,
            "bad-target-link",
            id="target-javascript",
        ),
        pytest.param(
            {"target_link_uri": "//evil.example/x"},
            400,
            "bad-target-link",
            id="target-scheme-relative",
        ),
        pytest.param(
            {"lti_deployment_id": "99"},
            403,
            "deployment-unknown",
            id="unknown-deployment",
        ),
    ],
)
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_refused_login_does_not_redirect(
    launcher: Launcher,
    method: str,
    change: dict[str, str | None],
    status: int,
    code: str,
) -> None:
    response = launcher.start_login(method, **change)
    assert (response.status_code, reason(response)) == (status, code)
    assert "Location" not in response.headers
    assert not any(
        c.startswith("lti_state_") for c in response.headers.getlist("Set-Cookie")
    )


def test_login_by_get_works_as_by_post(launcher: Launcher) -> None:
    login = launcher.login("GET")
    token = launcher.platform.sign(launcher.platform.claims(login.nonce))
    assert launcher.post(token, login.state).status_code == 303


def test_issuer_alone_resolves_its_single_registration(launcher: Launcher) -> None:
    login = launcher.login(client_id=None, lti_deployment_id=None)
    assert login.query["client_id"] == launcher.platform.client_id


def test_issuer_alone_with_two_registrations_is_ambiguous(
    app: Flask, launcher: Launcher, platform: Platform
) -> None:
    with running_platform(platform.issuer, "second-client", "1") as other:
        register(app, other)
        response = launcher.start_login(client_id=None)
        assert (response.status_code, reason(response)) == (400, "ambiguous-client")
        # Naming the client still works for either registration.
        assert (
            launcher.login(client_id="second-client").query["client_id"]
            == "second-client"
        )
        assert launcher.login().query["client_id"] == platform.client_id


def test_deactivated_registration_refuses_login(
    app: Flask, launcher: Launcher, platform: Platform
) -> None:
    runner = app.test_cli_runner()
    who = ["--issuer", platform.issuer, "--client-id", platform.client_id]
    assert runner.invoke(args=["platforms", "deactivate", *who]).exit_code == 0
    response = launcher.start_login()
    assert (response.status_code, reason(response)) == (403, "platform-inactive")
    assert "Location" not in response.headers
    assert runner.invoke(args=["platforms", "activate", *who]).exit_code == 0
    assert launcher.launch().status_code == 303


def test_target_on_an_extra_allowed_host_is_accepted(
    make_app: Callable[..., Flask], platform: Platform
) -> None:
    app = make_app(CARTABLE_EXTRA_TARGET_HOSTS="cartable.example.test")
    register(app, platform)
    launcher = Launcher(app.test_client(), platform)
    login = launcher.login(target_link_uri="https://cartable.example.test/lti/launch")
    assert login.query["redirect_uri"] == "http://localhost/lti/launch"


def test_redirect_uri_is_the_registered_launch_url_not_the_target(
    launcher: Launcher,
) -> None:
    """Moodle rejects any redirect_uri but the registered one (MOODLE.md item 4)."""
    login = launcher.login(target_link_uri="http://localhost/lti/launch?chapter=2")
    assert login.query["redirect_uri"] == "http://localhost/lti/launch"


def test_state_and_nonce_are_fresh_and_long(launcher: Launcher) -> None:
    logins = [launcher.login() for _ in range(3)]
    values = {v for login in logins for v in (login.state, login.nonce)}
    assert len(values) == 6
    assert all(len(v) >= 43 for v in values)  # 32 random bytes, base64url


def test_continue_with_an_unknown_state_is_refused(launcher: Launcher) -> None:
    response = launcher.client.get("/lti/login/continue?state=forged")
    assert (response.status_code, reason(response)) == (400, "state-unknown")
    response = launcher.client.get("/lti/login/window?state=forged")
    assert (response.status_code, reason(response)) == (400, "state-unknown")


def test_blocked_cookie_offers_a_new_window_that_completes_the_login(
    app: Flask, platform: Platform
) -> None:
    framed = app.test_client(
        use_cookies=False
    )  # a browser refusing third-party cookies
    response = Launcher(framed, platform).start_login()
    assert response.status_code == 303
    # over https: over http this platform's other site would be http-cross-site
    page = framed.get(response.location, base_url="https://localhost")
    assert page.status_code == 200
    assert 'target="_blank"' in page.text
    assert (
        platform.auth_login_url not in page.text
    )  # nothing leaves before the cookie sticks
    window = app.test_client()  # a top-level window keeps first-party cookies
    state = response.location.split("state=")[1]
    first = window.get(f"/lti/login/window?state={state}")
    assert first.status_code == 303
    onward = window.get(first.location)
    assert onward.status_code == 303
    assert onward.location.startswith(platform.auth_login_url)
    assert f"state={state}" in onward.location
