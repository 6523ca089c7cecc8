"""A launch exactly as Moodle 4.5 sends it succeeds and lands on the course home."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

from tests.support.launcher import Launcher


def test_login_redirects_to_platform_with_every_oidc_parameter(
    launcher: Launcher,
) -> None:
    login = launcher.login()
    assert login.query["scope"] == "openid"
    assert login.query["response_type"] == "id_token"
    assert login.query["response_mode"] == "form_post"
    assert login.query["prompt"] == "none"
    assert login.query["client_id"] == launcher.platform.client_id
    assert login.query["redirect_uri"] == "http://localhost/lti/launch"
    assert login.query["login_hint"] == "4"
    assert (
        login.query["lti_message_hint"]
        == '{"cmid":2,"launchid":"ltilaunch1_368121321"}'
    )
    assert len(login.state) >= 22
    assert len(login.nonce) >= 22
    assert launcher.login().state != login.state


def test_launch_redirects_303_to_course_home(
    launcher: Launcher, client: FlaskClient
) -> None:
    response = launcher.launch()
    assert response.status_code == 303
    target = urlsplit(response.location)
    assert target.path == "/course/"
    token = parse_qs(target.query)["ltik"][0]
    page = client.get(f"/course/?ltik={token}")
    assert page.status_code == 200
    assert "Coordination et partenariats" in page.text
    assert "Inès Moreau" in page.text
