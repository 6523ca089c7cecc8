"""Dynamic Registration against a Moodle-like double over real HTTP."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from lti_app.extensions import db
from lti_app.lti.models import Platform
from tests.registration.conftest import PUBLIC_URL, RegisterFn, new_code, origin
from tests.support.launcher import reason
from tests.support.registration_platform import (
    TOOL_CONFIGURATION,
    RegistrationPlatform,
)

AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


def _platforms(app: Flask) -> list[tuple[str, str, list[str]]]:
    with app.app_context():
        rows = db.session.scalars(select(Platform).order_by(Platform.id)).all()
        return [
            (p.issuer, p.client_id, [d.deployment_id for d in p.deployments])
            for p in rows
        ]


def test_registration_posts_what_moodle_requires(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    response = register(code)
    assert response.status_code == 200, response.text
    assert lms.refusals == []
    (body,) = lms.registrations
    assert body["application_type"] == "web"
    assert body["response_types"] == ["id_token"]
    assert body["grant_types"] == ["implicit", "client_credentials"]
    assert body["initiate_login_uri"] == PUBLIC_URL + "/lti/login"
    assert body["redirect_uris"] == [PUBLIC_URL + "/lti/launch"]
    assert body["jwks_uri"] == PUBLIC_URL + "/lti/jwks"
    assert body["client_name"] == "Cartable"
    assert body["logo_uri"] == PUBLIC_URL + "/static/cartable.svg"
    assert body["token_endpoint_auth_method"] == "private_key_jwt"
    assert set(body["scope"].split()) == {
        AGS + "lineitem",
        AGS + "lineitem.readonly",
        AGS + "result.readonly",
        AGS + "score",
        NRPS,
    }
    tool = body[TOOL_CONFIGURATION]
    assert tool["domain"] == "cartable.example.test"
    assert tool["target_link_uri"] == PUBLIC_URL + "/lti/launch"
    assert tool["claims"] == [
        "iss", "sub", "name", "given_name", "family_name", "email", "locale"
    ]  # fmt: skip
    kinds = {m["type"]: m for m in tool["messages"]}
    assert set(kinds) == {"LtiResourceLinkRequest", "LtiDeepLinkingRequest"}
    for message in kinds.values():
        assert message["target_link_uri"] == PUBLIC_URL + "/lti/launch"
        assert message["label"] == message["label#fr"]
        assert message["label#en"] != message["label#fr"]
    assert "Ajouter" not in kinds["LtiDeepLinkingRequest"]["label#en"]
    assert tool["description#en"]
    assert tool["description#fr"] != tool["description#en"]


def test_registration_is_stored_and_confirmed(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    response = register(code)
    ((issuer, client_id, deployments),) = _platforms(app)
    assert issuer == lms.url
    assert deployments == ["2"]
    assert client_id in response.text
    with app.app_context():
        platform = db.session.scalar(select(Platform))
        assert platform is not None
        assert platform.auth_login_url == lms.url + "/mod/lti/auth.php"
        assert platform.auth_token_url == lms.url + "/mod/lti/token.php"
        assert platform.keyset_url == lms.url + "/mod/lti/certs.php"
    # The close message goes to the platform's origin only, by the page's script.
    assert f'data-platform-origin="{origin(lms.url)}"' in response.text
    assert "/static/registration.js" in response.text
    assert response.headers["Cache-Control"] == "no-store"


def test_messages_supported_as_objects(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    lms.messages_as_objects = True
    assert register(code).status_code == 200


def test_unknown_code_is_refused_before_any_request(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn
) -> None:
    response = register("not-a-code")
    assert response.status_code == 403
    assert reason(response) == "registration-code-unknown"
    assert lms.registrations == []
    assert _platforms(app) == []


def test_missing_code(register: RegisterFn) -> None:
    response = register(None)
    assert response.status_code == 400
    assert reason(response) == "registration-code-missing"


def test_reused_code(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    assert register(code).status_code == 200
    again = register(code)
    assert again.status_code == 409
    assert reason(again) == "registration-code-used"
    assert len(lms.registrations) == 1
    assert len(_platforms(app)) == 1


def test_expired_code(app: Flask, register: RegisterFn) -> None:
    import time

    from lti_app.lti.registration_codes import create_code

    with app.app_context():
        code = create_code(0.5 / 3600)  # half a second
    time.sleep(0.6)
    response = register(code)
    assert response.status_code == 410
    assert reason(response) == "registration-code-expired"


def test_missing_configuration_url(client: Flask, app: Flask, code: str) -> None:
    response = app.test_client().get(f"/lti/register?code={code}")
    assert response.status_code == 400
    assert reason(response) == "registration-missing-configuration"


def test_issuer_not_a_prefix_is_refused_and_the_code_kept(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    for issuer in (
        "https://moodle.example.test",
        lms.url + "/mod/lti/openid",  # a prefix of the string, not at a "/"
        lms.url + "/other",
    ):
        lms.issuer = issuer
        response = register(code)
        assert response.status_code == 422, issuer
        assert reason(response) == "registration-issuer-mismatch"
    assert lms.registrations == []
    assert _platforms(app) == []
    lms.issuer = None  # fixed: the same code now works
    assert register(code).status_code == 200


def test_incomplete_configuration(
    lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    lms.config_overrides = {
        "jwks_uri": None,
        "https://purl.imsglobal.org/spec/lti-platform-configuration": None,
    }
    response = register(code)
    assert response.status_code == 422
    assert reason(response) == "registration-incomplete-configuration"
    assert "jwks_uri" in response.text
    assert "lti-platform-configuration" in response.text


def test_timeout(lms: RegistrationPlatform, register: RegisterFn, code: str) -> None:
    import time

    lms.delay = 3
    started = time.monotonic()
    response = register(code)
    assert time.monotonic() - started < 2.5
    assert response.status_code == 424
    assert reason(response) == "registration-timeout"


def test_platform_refusal_is_explained(
    lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    token = lms.new_token()
    lms.used_tokens.add(token)
    response = register(code, token=token)
    assert response.status_code == 424
    assert reason(response) == "registration-refused-by-platform"
    assert "token_already_used" in response.text


def test_refusal_page_in_english(
    app: Flask, lms: RegistrationPlatform, code: str
) -> None:
    response = app.test_client().get(
        f"/lti/register?code=nope&openid_configuration={lms.configuration_url}",
        headers={"Accept-Language": "en"},
    )
    assert "registration code is unknown to Cartable" in response.text


def test_second_registration_adds_a_client(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    assert register(code).status_code == 200
    assert register(new_code(app)).status_code == 200
    first, second = _platforms(app)
    assert first[0] == second[0] == lms.url
    assert first[1] != second[1]
    assert (first[2], second[2]) == (["2"], ["3"])


def test_same_client_gains_a_deployment_never_replaced(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    lms.fixed_client_id = "SameClient12345"
    assert register(code).status_code == 200
    again = register(new_code(app))
    assert again.status_code == 200
    assert "rien n'a été remplacé" in again.text
    assert _platforms(app) == [(lms.url, "SameClient12345", ["2", "3"])]
    # The same client id with other endpoints: refused, the first one untouched.
    lms.config_overrides = {"jwks_uri": lms.url + "/elsewhere/certs.php"}
    refused = register(new_code(app))
    assert refused.status_code == 409
    assert reason(refused) == "registration-client-exists"
    with app.app_context():
        platform = db.session.scalar(select(Platform))
        assert platform is not None
        assert platform.keyset_url == lms.url + "/mod/lti/certs.php"


def test_cli_needs_a_public_url(make_app: object) -> None:
    app = make_app()  # type: ignore[operator]
    result = app.test_cli_runner().invoke(args=["platforms", "registration-url"])
    assert result.exit_code != 0
    assert "CARTABLE_PUBLIC_URL" in result.output


def test_registration_endpoint_is_guarded_too(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    """An allowed configuration cannot send the tool's POST to an internal address."""
    lms.config_overrides = {"registration_endpoint": "https://10.9.8.7/register"}
    response = register(code)
    assert response.status_code == 403
    assert reason(response) == "registration-address-refused"
    assert _platforms(app) == []


def test_a_refused_registration_logs_its_reason_but_never_the_code(
    app: Flask,
    lms: RegistrationPlatform,
    register: RegisterFn,
    code: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    assert register(code).status_code == 200
    assert register(code).status_code == 409
    lines = [r.getMessage() for r in caplog.records]
    assert any("registration refused reason=registration-code-used" in line
               for line in lines), lines  # fmt: skip
    assert all(code not in line for line in lines)


def _frame_ancestors(response: TestResponse) -> list[str]:
    policy = response.headers["Content-Security-Policy"]
    (directive,) = [
        d.strip() for d in policy.split(";") if d.strip().startswith("frame-ancestors")
    ]
    return directive.split()[1:]


def test_the_lms_may_frame_the_registration_only_with_a_valid_code(
    app: Flask, lms: RegistrationPlatform, register: RegisterFn, code: str
) -> None:
    """Moodle frames the page before it is registered; a stranger never may."""
    lms_origin = origin(lms.configuration_url)
    unknown = register("not-a-code")
    assert unknown.status_code == 403
    assert lms_origin not in _frame_ancestors(unknown)
    lms.issuer = lms.url + "/other"
    refused = register(code)
    assert refused.status_code == 422
    assert _frame_ancestors(refused) == ["'self'", lms_origin]
    lms.issuer = None
    done = register(code)
    assert done.status_code == 200
    assert lms_origin in _frame_ancestors(done)
