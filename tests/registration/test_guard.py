"""The outbound guard: https only, no internal address unless allowed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
from flask import Flask

from lti_app.lti.dynamic_registration import issuer_matches
from tests.registration.conftest import PUBLIC_URL, RegisterFn
from tests.support.launcher import reason
from tests.support.registration_platform import (
    REGISTER_PATH,
    TOOL_CONFIGURATION,
    RegistrationPlatform,
)


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """Allowed networks unset: the production default."""
    return make_app(CARTABLE_PUBLIC_URL=PUBLIC_URL, CARTABLE_HTTP_TIMEOUT=0.5)


def test_private_address_is_refused_without_a_request(
    lms: RegistrationPlatform, register: RegisterFn, app: Flask
) -> None:
    from tests.registration.conftest import new_code

    seen = len(lms.registrations)
    for url in (
        lms.configuration_url,  # 127.0.0.1
        lms.configuration_url.replace("127.0.0.1", "localhost"),
        "https://10.1.2.3/mod/lti/openid-configuration.php",
        "https://192.168.0.10/mod/lti/openid-configuration.php",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/mod/lti/openid-configuration.php",
        "https://[::ffff:127.0.0.1]/mod/lti/openid-configuration.php",
    ):
        response = register(new_code(app), configuration=url)
        assert response.status_code == 403, url
        assert reason(response) == "registration-address-refused"
    assert len(lms.registrations) == seen


def test_plain_http_to_a_public_address_is_refused(
    register: RegisterFn, code: str
) -> None:
    response = register(code, configuration="http://93.184.216.34/openid")
    assert response.status_code == 400
    assert reason(response) == "registration-https-required"


@pytest.mark.parametrize("url", ["ftp://moodle.example/x", "https://", "not a url"])
def test_not_a_url(register: RegisterFn, code: str, url: str) -> None:
    response = register(code, configuration=url)
    assert response.status_code == 400
    assert reason(response) == "registration-bad-url"


@pytest.mark.parametrize(
    ("issuer", "url", "expected"),
    [
        ("https://m.example", "https://m.example", True),
        ("https://m.example", "https://m.example/mod/lti/openid.php", True),
        ("https://m.example/", "https://m.example/mod/lti/openid.php", True),
        ("https://m.example/moodle", "https://m.example/moodle/mod/x.php", True),
        ("https://m.example", "https://m.example.evil.test/x", False),
        ("https://m.example/moo", "https://m.example/moodle/x", False),
        ("https://other.example", "https://m.example/x", False),
        ("", "https://m.example/x", False),
        ("m.example", "m.example/x", False),
    ],
)
def test_issuer_prefix_at_a_path_boundary(
    issuer: str, url: str, expected: bool
) -> None:
    assert issuer_matches(issuer, url) is expected


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            {"token_endpoint_auth_method": "client_secret_basic"},
            "invalid_client_metadata",
        ),
        ({"domain": None}, "missing_domain"),
        ({"target_link_uri": None}, "missing_target_link_uri"),
    ],
)
def test_the_double_refuses_what_moodle_refuses(
    lms: RegistrationPlatform, change: dict[str, object], error: str
) -> None:
    """The double must be able to fail the tests above: it checks like Moodle."""
    tool = {"domain": "t.example", "target_link_uri": "https://t.example/lti/launch"}
    body: dict[str, object] = {
        "token_endpoint_auth_method": "private_key_jwt",
        TOOL_CONFIGURATION: tool,
    }
    for name, value in change.items():
        target = body if name == "token_endpoint_auth_method" else tool
        if value is None:
            target.pop(name)
        else:
            target[name] = value
    response = requests.post(
        lms.url + REGISTER_PATH,
        json=body,
        headers={"Authorization": f"Bearer {lms.new_token()}"},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["error"] == error
