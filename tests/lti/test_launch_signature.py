"""The id_token's signature: algorithms, key ids, the platform's JWKS over real HTTP."""

from __future__ import annotations

import hashlib
import hmac
import json

import jwt

from tests.support.launcher import Launcher, reason
from tests.support.platform import RsaKey, b64url, compact, private_key, signing_input


def _launch_signed_with(launcher: Launcher, key: RsaKey) -> int:
    login = launcher.login()
    token = launcher.platform.sign(launcher.platform.claims(login.nonce), key=key)
    response = launcher.post(token, login.state)
    return response.status_code if response.status_code == 303 else reason(response)


def test_unknown_kid_refetches_the_jwks_exactly_once(launcher: Launcher) -> None:
    jwks = launcher.platform.jwks
    assert launcher.launch().status_code == 303  # the JWKS is now cached
    assert jwks.requests == 1
    stranger = RsaKey(kid="never-published")
    login = launcher.login()
    token = launcher.platform.sign(launcher.platform.claims(login.nonce), key=stranger)
    response = launcher.post(token, login.state)
    assert (response.status_code, reason(response)) == (401, "unknown-kid")
    assert jwks.requests == 2
    # A second unknown kid within the rate limit does not hammer the platform.
    assert _launch_signed_with(launcher, stranger) == "unknown-kid"
    assert jwks.requests == 2


def test_key_published_after_rotation_is_found_by_a_refetch(launcher: Launcher) -> None:
    jwks = launcher.platform.jwks
    assert launcher.launch().status_code == 303
    rotated = RsaKey(kid="rotated-key-2")
    jwks.keys = [*jwks.keys, rotated.jwk()]  # the cached copy does not know it yet
    assert _launch_signed_with(launcher, rotated) == 303
    assert jwks.requests == 2


def test_foreign_key_under_a_known_kid_is_bad_signature(launcher: Launcher) -> None:
    forged = RsaKey(kid=launcher.platform.key.kid, private=private_key("attacker"))
    assert _launch_signed_with(launcher, forged) == "bad-signature"


def test_alg_none_is_refused(launcher: Launcher) -> None:
    login = launcher.login()
    header = {"alg": "none", "typ": "JWT", "kid": launcher.platform.key.kid}
    token = compact(header, launcher.platform.claims(login.nonce))
    response = launcher.post(token, login.state)
    assert (response.status_code, reason(response)) == (401, "bad-alg")


def test_hs256_with_the_public_key_as_secret_is_refused(launcher: Launcher) -> None:
    """The classic RS/HS confusion: the platform's public PEM used as an HMAC secret."""
    login = launcher.login()
    header = {"alg": "HS256", "typ": "JWT", "kid": launcher.platform.key.kid}
    unsigned = compact(header, launcher.platform.claims(login.nonce))
    secret = launcher.platform.key.public_pem
    mac = hmac.new(secret, signing_input(unsigned), hashlib.sha256).digest()
    token = unsigned.rsplit(".", 1)[0] + "." + b64url(mac)
    response = launcher.post(token, login.state)
    assert (response.status_code, reason(response)) == (401, "bad-alg")


def test_tampered_payload_is_bad_signature(launcher: Launcher) -> None:
    login = launcher.login()
    token = launcher.platform.sign(launcher.platform.claims(login.nonce))
    head, _, signature = token.split(".")
    claims = launcher.platform.claims(login.nonce)
    claims["https://purl.imsglobal.org/spec/lti/claim/roles"] = [
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
    ]
    tampered = f"{head}.{b64url(json.dumps(claims).encode())}.{signature}"
    response = launcher.post(tampered, login.state)
    assert (response.status_code, reason(response)) == (401, "bad-signature")


def test_token_without_kid_is_refused(launcher: Launcher) -> None:
    login = launcher.login()
    claims = launcher.platform.claims(login.nonce)
    token = jwt.encode(claims, launcher.platform.key.private, algorithm="RS256")
    response = launcher.post(token, login.state)
    assert (response.status_code, reason(response)) == (401, "missing-kid")


def test_jwks_answering_500_is_jwks_unreachable(launcher: Launcher) -> None:
    launcher.platform.jwks.status = 500
    response = launcher.launch()
    assert (response.status_code, reason(response)) == (424, "jwks-unreachable")


def test_jwks_not_a_keyset_is_jwks_unreachable(launcher: Launcher) -> None:
    launcher.platform.jwks.keys = "not a list"  # type: ignore[assignment]
    response = launcher.launch()
    assert (response.status_code, reason(response)) == (424, "jwks-unreachable")


def test_jwks_server_down_is_jwks_unreachable(launcher: Launcher) -> None:
    launcher.platform.jwks.close()
    response = launcher.launch()
    assert (response.status_code, reason(response)) == (424, "jwks-unreachable")


def test_jwks_cache_honours_max_age_zero(launcher: Launcher) -> None:
    """A platform that forbids caching gets asked at each launch."""
    launcher.platform.jwks.cache_control = "max-age=0"
    assert launcher.launch().status_code == 303
    assert launcher.launch().status_code == 303
    assert launcher.platform.jwks.requests == 2
