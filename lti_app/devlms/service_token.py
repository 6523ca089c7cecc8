"""The LMS's token endpoint (Moodle's ``mod/lti/token.php``).

The tool's client assertion is verified against the tool's JWKS, downloaded over
HTTP from the keyset URL of its registration, as Moodle does. Unlike Moodle,
which checks neither, the audience must be this endpoint and a ``jti`` present.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt
from sqlalchemy import select

from lti_app.devlms import keys
from lti_app.devlms.deep_linking import ReturnRefusedError, tool_key
from lti_app.devlms.gradebook import AGS, AGS_SCOPES, NRPS_SCOPE
from lti_app.devlms.grades_models import DevServiceToken
from lti_app.devlms.models import DevTool, utcnow
from lti_app.extensions import db

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ALLOWED = frozenset({*AGS_SCOPES, NRPS_SCOPE})
LIFETIME = 3600


@dataclass(frozen=True)
class TokenAnswer:
    """The JSON answer and its status."""

    status: int
    body: dict[str, Any]


def _error(code: str, status: int = 400) -> TokenAnswer:
    return TokenAnswer(status, {"error": code})


def _verify(assertion: str) -> DevTool:
    """The tool the assertion proves to come from; raises on any doubt."""
    header = jwt.get_unverified_header(assertion)
    # A peek at `sub` only, to know whose keys to check against: nothing from this
    # read is trusted until the full verification below passes.
    unverified = jwt.decode(assertion, options={"verify_signature": False})
    tool = db.session.scalar(
        select(DevTool).where(DevTool.client_id == str(unverified.get("sub")))
    )
    if tool is None:
        raise ValueError("unknown client")
    key = tool_key(tool, str(header.get("kid", "")))
    claims = jwt.decode(
        assertion,
        key,
        algorithms=["RS256"],
        audience=keys.get_site().issuer + "/token",
        issuer=tool.client_id,
        options={"require": ["exp", "iat", "sub", "jti"]},
    )
    if claims["sub"] != tool.client_id or claims["exp"] - claims["iat"] > LIFETIME:
        raise ValueError("bad subject or lifetime")
    return tool


def issue(form: Mapping[str, str]) -> TokenAnswer:
    """Answer a client-credentials request."""
    if form.get("grant_type") != "client_credentials":
        return _error("unsupported_grant_type")
    if form.get("client_assertion_type") != ASSERTION_TYPE:
        return _error("invalid_request")
    try:
        tool = _verify(form.get("client_assertion", ""))
    except (jwt.PyJWTError, ValueError, ReturnRefusedError):
        return _error("invalid_client", 401)
    granted = sorted(set(form.get("scope", "").split()) & ALLOWED)
    if not granted:
        return _error("invalid_scope")
    token = secrets.token_hex(16)
    db.session.add(
        DevServiceToken(
            token=token,
            tool_id=tool.id,
            scopes=granted,
            expires_at=utcnow() + timedelta(seconds=LIFETIME),
        )
    )
    db.session.commit()
    body = {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": LIFETIME,
        "scope": " ".join(granted),
    }
    return TokenAnswer(200, body)


def granted(authorization: str, scope: str) -> DevServiceToken | None:
    """The live token of this ``Authorization`` header, if it grants ``scope``.

    ``lineitem`` includes ``lineitem.readonly``, as in Moodle.
    """
    if not authorization.startswith("Bearer "):
        return None
    row = db.session.get(DevServiceToken, authorization.removeprefix("Bearer "))
    if row is None or row.expires_at <= utcnow():
        return None
    scopes = set(row.scopes)
    if scope == AGS + "lineitem.readonly" and AGS + "lineitem" in scopes:
        return row
    return row if scope in scopes else None
