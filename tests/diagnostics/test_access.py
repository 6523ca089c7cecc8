"""Who may open the diagnostic page."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import register
from tests.diagnostics.conftest import printed_token
from tests.support.launcher import Launcher, reason
from tests.support.platform import (
    ADMIN_ROLES,
    INSTRUCTOR_ROLES,
    LTI,
    Platform,
    running_platform,
)

OTHER_ISSUER = "https://autre-moodle.example.test"


@pytest.fixture
def other(app: Flask) -> Iterator[Platform]:
    with running_platform(OTHER_ISSUER, "OtherClient0001", "7") as p:
        register(app, p)
        yield p


def test_no_credentials(client: FlaskClient) -> None:
    response = client.get("/lti/diagnostics")
    assert response.status_code == 401
    assert reason(response) == "http-401"
    assert "diagnostics-url" in response.text


@pytest.mark.parametrize("token", ["forged", "eyJleHAiOjF9.abc"])
def test_bad_token(client: FlaskClient, token: str) -> None:
    response = client.get("/lti/diagnostics", query_string={"token": token})
    assert response.status_code == 403


def test_expired_token(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        from lti_app.diagnostics.tokens import issue

        token = issue(-1 / 3600)
    time.sleep(0.01)
    response = client.get("/lti/diagnostics", query_string={"token": token})
    assert response.status_code == 403


def test_token_from_the_cli_shows_every_registration(
    app: Flask,
    client: FlaskClient,
    platform: Platform,
    other: Platform,
    diagnostics: Callable[[], TestResponse],
) -> None:
    response = diagnostics()
    assert response.status_code == 200
    assert platform.issuer in response.text
    assert OTHER_ISSUER in response.text
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "roles",
    [
        ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
        INSTRUCTOR_ROLES,
    ],
)
def test_a_launch_that_is_not_an_administrator_gets_403(
    client: FlaskClient, launcher: Launcher, roles: list[str]
) -> None:
    token = launcher.launch_token(**{LTI + "roles": roles})
    response = client.get("/lti/diagnostics", query_string={"ltik": token})
    assert response.status_code == 403


def test_an_administrator_sees_only_their_platform(
    client: FlaskClient, launcher: Launcher, platform: Platform, other: Platform
) -> None:
    token = launcher.launch_token(**{LTI + "roles": ADMIN_ROLES})
    response = client.get("/lti/diagnostics", query_string={"ltik": token})
    assert response.status_code == 200
    assert platform.issuer in response.text
    assert platform.client_id in response.text
    assert OTHER_ISSUER not in response.text
    assert other.client_id not in response.text


def test_cli_token_needs_a_public_url(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    result = app.test_cli_runner().invoke(args=["diagnostics-url"])
    assert result.exit_code != 0
    assert "CARTABLE_PUBLIC_URL" in result.output


def test_cli_prints_a_working_token(app: Flask, client: FlaskClient) -> None:
    token = printed_token(app, "--expires", "1")
    response = client.get("/lti/diagnostics", query_string={"token": token})
    assert response.status_code == 200


def test_administrators_find_the_page_in_the_navigation(
    client: FlaskClient, launcher: Launcher
) -> None:
    admin = launcher.launch_token(**{LTI + "roles": ADMIN_ROLES})
    home = client.get("/course/", query_string={"ltik": admin})
    assert "/lti/diagnostics?ltik=" in home.text
    teacher = launcher.launch_token(**{LTI + "roles": INSTRUCTOR_ROLES})
    home = client.get("/course/", query_string={"ltik": teacher})
    assert "/lti/diagnostics" not in home.text


def test_an_administrator_sees_refusals_of_unknown_clients_of_their_issuer_only(
    client: FlaskClient, launcher: Launcher, platform: Platform, other: Platform
) -> None:
    client.post("/lti/login", data=launcher.login_params(client_id="Stranger0001"))
    client.post("/lti/login", data=launcher.login_params(
        iss=OTHER_ISSUER, client_id="Stranger0002"))  # fmt: skip
    token = launcher.launch_token(**{LTI + "roles": ADMIN_ROLES})
    page = client.get("/lti/diagnostics", query_string={"ltik": token}).text
    listed = page.split("clients non enregistrés de votre plateforme", 1)[1]
    assert "Stranger0001" in listed
    assert "Stranger0002" not in page
