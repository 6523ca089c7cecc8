"""Message types Cartable does not handle yet are valid launches with a clear page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from tests.support.launcher import Launcher, ltik_of, reason
from tests.support.platform import LTI


@pytest.mark.parametrize(
    ("builder", "says"),
    [
        pytest.param(
            "submission_review_claims",
            "consultation d'un dépôt",
            id="submission-review",
        ),
    ],
)
def test_not_yet_supported_message_lands_on_a_clear_page(
    launcher: Launcher, client: FlaskClient, builder: str, says: str
) -> None:
    login = launcher.login()
    french = {LTI + "launch_presentation": {"locale": "fr"}}  # Moodle sent "en"
    claims = getattr(launcher.platform, builder)(login.nonce, **french)
    response = launcher.post(launcher.platform.sign(claims), login.state)
    assert response.status_code == 303, response.text
    assert urlsplit(response.location).path == "/lti/not-yet"
    page = client.get(f"/lti/not-yet?ltik={ltik_of(response)}")
    assert page.status_code == 200
    assert "pas encore disponible" in page.text
    assert says in page.text


def test_deep_linking_request_needs_no_resource_link(launcher: Launcher) -> None:
    login = launcher.login()
    claims = launcher.platform.deep_linking_claims(login.nonce)
    assert LTI + "resource_link" not in claims
    assert launcher.post(launcher.platform.sign(claims), login.state).status_code == 303


def test_deep_linking_request_without_its_settings_is_invalid(
    launcher: Launcher,
) -> None:
    login = launcher.login()
    claims = launcher.platform.deep_linking_claims(login.nonce)
    del claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"]
    response = launcher.post(launcher.platform.sign(claims), login.state)
    assert (response.status_code, reason(response)) == (400, "invalid-claims")


def test_not_yet_page_without_a_launch_is_session_missing(client: FlaskClient) -> None:
    response = client.get("/lti/not-yet")
    assert (response.status_code, reason(response)) == (401, "session-missing")
