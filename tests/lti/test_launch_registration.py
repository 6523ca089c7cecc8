"""Launches checked against the registration the login chose."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import register
from tests.support.launcher import Launcher, reason
from tests.support.platform import LTI, Platform, running_platform


@pytest.fixture
def second_client(app: Flask, platform: Platform) -> Iterator[Platform]:
    """Another registration of the same issuer, with its own deployment "5"."""
    with running_platform(platform.issuer, "second-client", "5") as other:
        register(app, other)
        yield other


def _signed(launcher: Launcher, nonce: str) -> str:
    return launcher.platform.sign(launcher.platform.claims(nonce))


def test_deployment_of_another_client_of_the_issuer_is_unknown_at_launch(
    launcher: Launcher, second_client: Platform
) -> None:
    response = launcher.launch(**{LTI + "deployment_id": second_client.deployment_id})
    assert (response.status_code, reason(response)) == (403, "deployment-unknown")


def test_deployment_of_another_client_of_the_issuer_is_unknown_at_login(
    launcher: Launcher, second_client: Platform
) -> None:
    response = launcher.start_login(lti_deployment_id=second_client.deployment_id)
    assert (response.status_code, reason(response)) == (403, "deployment-unknown")


def test_each_client_launches_with_its_own_deployment(
    app: Flask, launcher: Launcher, second_client: Platform
) -> None:
    other = Launcher(app.test_client(), second_client)
    login = other.login(client_id="second-client", lti_deployment_id="5")
    token = second_client.sign(second_client.claims(login.nonce))
    assert other.post(token, login.state).status_code == 303
    assert launcher.launch().status_code == 303


def test_token_for_another_registration_of_the_issuer_is_state_mismatch(
    launcher: Launcher, second_client: Platform
) -> None:
    """The state was issued for client A; a valid token for client B does not fit it."""
    login = launcher.login()  # client A
    token = second_client.sign(second_client.claims(login.nonce))
    response = launcher.post(token, login.state)
    assert (response.status_code, reason(response)) == (400, "state-mismatch")


def test_registration_deactivated_after_login_refuses_the_launch(
    app: Flask, launcher: Launcher, platform: Platform
) -> None:
    login = launcher.login()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "platforms",
            "deactivate",
            "--issuer",
            platform.issuer,
            "--client-id",
            platform.client_id,
        ]
    )
    assert result.exit_code == 0, result.output
    response = launcher.post(_signed(launcher, login.nonce), login.state)
    assert (response.status_code, reason(response)) == (403, "platform-inactive")
