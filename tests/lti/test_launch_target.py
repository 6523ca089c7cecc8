"""The launch goes where the login said; platform refusals and privacy requests."""

from __future__ import annotations

from tests.support.launcher import Launcher, reason
from tests.support.platform import LTI


def test_token_for_another_target_than_the_login_is_refused(launcher: Launcher) -> None:
    response = launcher.launch(
        **{LTI + "target_link_uri": "http://localhost/elsewhere"}
    )
    assert (response.status_code, reason(response)) == (400, "target-mismatch")


def test_token_without_target_link_uri_claim_is_accepted(launcher: Launcher) -> None:
    assert launcher.launch(**{LTI + "target_link_uri": None}).status_code == 303


def test_an_oidc_error_from_the_platform_says_so(launcher: Launcher) -> None:
    """Moodle's auth.php posts ``error`` back instead of a token when it refuses."""
    login = launcher.login()
    response = launcher.client.post(
        "/lti/launch",
        data={"error": "access_denied", "error_description": "x", "state": login.state},
    )
    assert (response.status_code, reason(response)) == (400, "platform-refused")


def test_data_privacy_request_opens_the_persons_data_page(launcher: Launcher) -> None:
    """No course in the claims: the launch lands on "Mes données" (tests/privacy)."""
    login = launcher.login()
    claims = launcher.platform.claims(
        login.nonce,
        **{
            LTI + "message_type": "DataPrivacyLaunchRequest",
            LTI + "context": None,
            LTI + "resource_link": None,
            LTI + "launch_presentation": {"locale": "fr"},
            LTI + "for_user": {"user_id": "4"},
        },
    )
    response = launcher.post(launcher.platform.sign(claims), login.state)
    assert response.status_code == 303
    assert response.location.startswith("/mydata/privacy?ticket=")


def test_data_privacy_request_without_for_user_is_invalid(launcher: Launcher) -> None:
    """The person concerned must be named."""
    login = launcher.login()
    claims = launcher.platform.claims(
        login.nonce,
        **{
            LTI + "message_type": "DataPrivacyLaunchRequest",
            LTI + "context": None,
            LTI + "resource_link": None,
        },
    )
    response = launcher.post(launcher.platform.sign(claims), login.state)
    assert (response.status_code, reason(response)) == (400, "privacy-invalid")
