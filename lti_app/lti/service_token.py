"""Service access tokens: the client-credentials grant with a signed JWT assertion.

The assertion names us (``iss`` = ``sub`` = client id) to the registration's token
URL (or its configured audience), lives two minutes, has a unique ``jti`` and is
signed by the tool key named in ``kid``. Tokens are cached in the shared store per
(registration, scope set) until shortly before they expire, so every worker reuses
them; a token never reaches a log or an error message.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import Iterable

import requests

from lti_app.lti import keys
from lti_app.lti.models import Platform
from lti_app.lti.service_http import (
    ServiceError,
    call,
    describe_refusal,
    raise_for_answer,
)
from lti_app.lti.store import get_store

log = logging.getLogger(__name__)
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_SECONDS = 120
DEFAULT_LIFETIME = 3600
# A token is dropped this long before the platform's expiry: a call in flight
# must not arrive with a token that died on the way.
EXPIRY_MARGIN = 60


class TokenError(ServiceError):
    """The token endpoint refused us or answered something that is not a token."""


def _cache_key(platform: Platform, scopes: tuple[str, ...]) -> str:
    digest = hashlib.sha256(" ".join(scopes).encode()).hexdigest()[:32]
    return f"service-token:{platform.id}:{digest}"


def client_assertion(platform: Platform) -> str:
    """The signed JWT proving to the platform that this request comes from us."""
    now = int(time.time())
    return keys.sign(
        {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": platform.auth_audience or platform.auth_token_url,
            "iat": now,
            "exp": now + ASSERTION_SECONDS,
            "jti": secrets.token_urlsafe(24),
        },
        {"typ": "JWT"},
    )


def _request_token(platform: Platform, scopes: tuple[str, ...]) -> tuple[str, int]:
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": client_assertion(platform),
        "scope": " ".join(scopes),
    }
    try:
        response = call(
            "POST",
            platform.auth_token_url,
            headers={"Accept": "application/json"},
            data=form,
        )
    except ServiceError as exc:
        raise TokenError(f"token endpoint: {exc.reason}", transient=True) from exc
    return _read_token(response)


def _read_token(response: requests.Response) -> tuple[str, int]:
    """The access token and its lifetime, or a clear refusal (never the token)."""
    try:
        raise_for_answer(response)
    except ServiceError as exc:
        raise TokenError(
            f"token endpoint answered {exc.reason}", exc.status, transient=exc.transient
        ) from exc
    try:
        body = response.json()
    except ValueError as exc:
        reason = f"token endpoint answered {describe_refusal(response)}"
        raise TokenError(reason, response.status_code) from exc
    token = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        raise TokenError("token endpoint answered JSON without access_token", 200)
    lifetime = body.get("expires_in", DEFAULT_LIFETIME)
    if not isinstance(lifetime, int | float) or isinstance(lifetime, bool):
        lifetime = DEFAULT_LIFETIME
    return token, int(lifetime)


def access_token(
    platform: Platform, scopes: Iterable[str], *, fresh: bool = False
) -> str:
    """A bearer token for these scopes, from the shared cache unless ``fresh``."""
    wanted = tuple(sorted(set(scopes)))
    key = _cache_key(platform, wanted)
    store = get_store()
    if not fresh:
        cached = store.get(key)
        if cached is not None:
            return str(json.loads(cached)["access_token"])
    token, lifetime = _request_token(platform, wanted)
    ttl = lifetime - EXPIRY_MARGIN if lifetime > 2 * EXPIRY_MARGIN else lifetime // 2
    if ttl > 0:
        store.put(key, json.dumps({"access_token": token}), ttl)
    log.info(
        "service token obtained platform=%s scopes=%d ttl=%s",
        platform.id,
        len(wanted),
        ttl,
    )
    return token


def authorized(
    platform: Platform,
    scopes: Iterable[str],
    method: str,
    url: str,
    *,
    accept: str,
    content_type: str | None = None,
    body: object = None,
) -> requests.Response:
    """A service call with a bearer token; one fresh token after a 401, then give up."""
    wanted = tuple(scopes)
    headers = {"Accept": accept}
    if content_type:
        headers["Content-Type"] = content_type

    def send(fresh: bool) -> requests.Response:
        token = access_token(platform, wanted, fresh=fresh)
        bearer = {**headers, "Authorization": f"Bearer {token}"}
        return call(method, url, headers=bearer, body=body)

    response = send(fresh=False)
    if response.status_code == 401:  # revoked or expired early: one fresh token
        response = send(fresh=True)
    raise_for_answer(response)
    return response
