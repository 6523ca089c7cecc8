"""Service tokens against an independent platform over HTTP (MOODLE.md, CHECKLIST §5)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from flask import Flask

from lti_app.lti import registry, service_token
from lti_app.lti.models import Platform
from lti_app.lti.service_token import TokenError, access_token
from lti_app.lti.store import get_store
from tests.support.ags_platform import AGS_SCOPES, NRPS_SCOPE, AgsPlatform
from tests.support.live import LiveServer
from tests.support.platform import Platform as LtiPlatform


def _registration(platform: LtiPlatform) -> Platform:
    found = registry.find_platform_exact(platform.issuer, platform.client_id)
    assert found is not None
    return found


def test_assertion_verifies_with_the_tools_jwks_and_names_us(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform, tool_server: LiveServer
) -> None:
    with app.app_context():
        token = access_token(_registration(platform), AGS_SCOPES)
    assert token in ags.tokens
    ((header, claims),) = ags.assertions
    with urllib.request.urlopen(tool_server.url + "/lti/jwks") as answer:  # noqa: S310
        kids = {key["kid"] for key in json.loads(answer.read())["keys"]}
    assert header["alg"] == "RS256"
    assert header["kid"] in kids
    assert claims["iss"] == claims["sub"] == platform.client_id
    assert claims["aud"] == ags.token_url
    assert 0 < claims["exp"] - claims["iat"] <= 300
    assert len(claims["jti"]) >= 16
    (call,) = [c for c in ags.calls if c.path == "/mod/lti/token.php"]
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"
    form = dict(pair.split("=", 1) for pair in call.body.split("&"))
    assert form["grant_type"] == "client_credentials"
    assert "jwt-bearer" in urllib.parse.unquote(form["client_assertion_type"])


def test_each_assertion_has_its_own_jti(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    with app.app_context():
        registration = _registration(platform)
        access_token(registration, AGS_SCOPES)
        access_token(registration, AGS_SCOPES, fresh=True)
    jtis = [claims["jti"] for _, claims in ags.assertions]
    assert len(jtis) == len(set(jtis)) == 2


def test_configured_audience_replaces_the_token_url(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    with app.app_context():
        registration = _registration(platform)
        registration.auth_audience = "https://moodle.example.test/audience"
        access_token(registration, AGS_SCOPES)
    assert ags.assertions[0][1]["aud"] == "https://moodle.example.test/audience"


def test_tokens_are_cached_per_scope_set_in_the_shared_store(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    with app.app_context():
        registration = _registration(platform)
        first = access_token(registration, AGS_SCOPES)
        again = access_token(registration, list(reversed(AGS_SCOPES)))
        roster = access_token(registration, [NRPS_SCOPE])
        assert again == first
        assert roster != first
        assert len(ags.assertions) == 2
        key = service_token._cache_key(registration, tuple(sorted(AGS_SCOPES)))
        get_store().delete(key)  # expired: a new token is fetched
        assert access_token(registration, AGS_SCOPES) != first
    assert len(ags.assertions) == 3


def test_a_token_is_cached_until_a_minute_before_it_expires(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    puts: list[int] = []
    with app.app_context():
        store = get_store()
        original = store.put
        monkeypatch.setattr(
            store, "put", lambda k, v, ttl: (puts.append(ttl), original(k, v, ttl))
        )
        access_token(_registration(platform), AGS_SCOPES)
    assert puts == [3600 - service_token.EXPIRY_MARGIN]


def test_a_short_lived_token_is_cached_for_half_its_life(
    app: Flask,
    platform: LtiPlatform,
    ags: AgsPlatform,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ags.expires_in = 90
    puts: list[int] = []
    with app.app_context():
        store = get_store()
        original = store.put
        monkeypatch.setattr(
            store, "put", lambda k, v, ttl: (puts.append(ttl), original(k, v, ttl))
        )
        access_token(_registration(platform), AGS_SCOPES)
    assert puts == [45]


def test_no_token_or_assertion_reaches_the_logs(
    app: Flask,
    platform: LtiPlatform,
    ags: AgsPlatform,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("DEBUG")
    with app.app_context():
        registration = _registration(platform)
        token = access_token(registration, AGS_SCOPES)
        ags.token_html_404 = True
        with pytest.raises(TokenError) as refused:
            access_token(registration, [NRPS_SCOPE])
    (call,) = [c for c in ags.calls if c.path == "/mod/lti/token.php"][:1]
    assertion = dict(pair.split("=", 1) for pair in call.body.split("&"))
    assert token not in caplog.text
    assert assertion["client_assertion"] not in caplog.text
    assert token not in str(refused.value)


def test_html_404_from_the_token_endpoint_is_reported_clearly(
    app: Flask,
    platform: LtiPlatform,
    ags: AgsPlatform,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ags.token_html_404 = True  # Moodle's cURL blocklist refusing our JWKS URL
    with app.app_context(), pytest.raises(TokenError) as refused:
        access_token(_registration(platform), AGS_SCOPES)
    assert refused.value.status == 404
    assert not refused.value.transient
    assert "HTML page instead of JSON" in str(refused.value)
    assert str(refused.value).startswith("HTTP 404: token endpoint")


def test_empty_scope_intersection_is_invalid_scope(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    ags.allowed_scopes = {NRPS_SCOPE}
    with app.app_context(), pytest.raises(TokenError) as refused:
        access_token(_registration(platform), AGS_SCOPES)
    assert (refused.value.status, refused.value.transient) == (400, False)
    assert "invalid_scope" in str(refused.value)


def test_unreachable_token_endpoint_is_transient(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    ags.down = True
    with app.app_context(), pytest.raises(TokenError) as refused:
        access_token(_registration(platform), AGS_SCOPES)
    assert refused.value.transient
    assert refused.value.status == 503


def test_a_token_the_platform_forgot_is_replaced_once(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    url = ags.lineitems_url
    with app.app_context():
        registration = _registration(platform)
        access_token(registration, AGS_SCOPES)
        ags.tokens.clear()  # the platform restarted and forgot its tokens
        response = service_token.authorized(
            registration, AGS_SCOPES, "GET", url, accept="application/json"
        )
    assert response.status_code == 200
    assert [c.status for c in ags.calls if c.path.endswith("/lineitems")] == [401, 200]
