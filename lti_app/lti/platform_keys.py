"""Platform public keys: fetched with a timeout, cached in the shared store.

An unknown ``kid`` triggers one re-fetch (platforms rotate keys), rate-limited so
that a flood of forged tokens cannot make us hammer the platform.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from typing import Any

import jwt
import requests
from flask import current_app

from lti_app.lti.errors import LtiError
from lti_app.lti.store import get_store

log = logging.getLogger(__name__)
_MAX_AGE = re.compile(r"max-age=(\d+)")
_REFETCH_INTERVAL = 10
USER_AGENT = "Cartable-LTI/0.1"


def _cache_key(url: str) -> str:
    return "jwks:" + hashlib.sha256(url.encode()).hexdigest()


def _lifetime(response: requests.Response) -> int:
    configured = int(current_app.config["CARTABLE_JWKS_CACHE_SECONDS"])
    match = _MAX_AGE.search(response.headers.get("Cache-Control", ""))
    return min(int(match.group(1)), configured) if match else configured


def _download(url: str) -> dict[str, Any]:
    timeout = float(current_app.config["CARTABLE_HTTP_TIMEOUT"])
    try:
        response = requests.get(
            url, timeout=timeout, headers={"User-Agent": USER_AGENT}
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        log.warning(
            "platform JWKS unreachable url=%s error=%s", url, type(exc).__name__
        )
        raise LtiError("jwks-unreachable", url) from exc
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise LtiError("jwks-unreachable", f"{url} is not a JWKS document")
    lifetime = _lifetime(response)
    if lifetime > 0:
        get_store().put(_cache_key(url), json.dumps(document), lifetime)
    return document


def fetch_jwks(url: str, refresh: bool = False) -> dict[str, Any]:
    """Return the platform's JWKS, from the cache unless ``refresh``."""
    if not refresh:
        cached = get_store().get(_cache_key(url))
        if cached:
            document: dict[str, Any] = json.loads(cached)
            return document
    return _download(url)


def _find(document: dict[str, Any], kid: str) -> dict[str, Any] | None:
    for key in document["keys"]:
        if isinstance(key, dict) and key.get("kid") == kid:
            return key
    return None


def platform_key(url: str, kid: str) -> jwt.PyJWK:
    """Return the platform key named ``kid``, re-fetching the JWKS once if unknown."""
    key = _find(fetch_jwks(url), kid)
    if key is None and get_store().add(
        _cache_key(url) + ":refetch", "1", _REFETCH_INTERVAL
    ):
        key = _find(fetch_jwks(url, refresh=True), kid)
    if key is None:
        raise LtiError("unknown-kid", kid)
    if key.get("kty") != "RSA" or key.get("alg", "RS256") != "RS256":
        raise LtiError("bad-alg", "the platform key is not an RS256 RSA key")
    try:
        return jwt.PyJWK(key, algorithm="RS256")
    except jwt.PyJWKError as exc:
        raise LtiError("unknown-kid", "unusable key") from exc
