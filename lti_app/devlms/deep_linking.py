"""Content selection on the LMS side: begin it, then accept the tool's signed answer.

The answer comes back through the browser, so only its signature counts: it is
checked against the tool's JWKS fetched over HTTP, as Moodle does with the
keyset URL of the tool registration.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from sqlalchemy import select, update

from lti_app.devlms import keys, messages
from lti_app.devlms.auth import DEEP_LINK_PREFIX
from lti_app.devlms.gradebook import add_activity_column
from lti_app.devlms.models import (
    EMBED,
    WINDOW,
    DevActivity,
    DevDeepLinkRequest,
    DevPerson,
    DevTool,
    utcnow,
)
from lti_app.extensions import db

log = logging.getLogger(__name__)
LTI = messages.LTI
DL = messages.DL
MAX_LIFETIME = 3600


class ReturnRefusedError(ValueError):
    """The tool's answer cannot be trusted or does not fit the request."""


@dataclass(frozen=True)
class Outcome:
    """What a return did: the course and the activities it created."""

    course_id: int
    activities: list[DevActivity]


def begin(course_id: int, person: DevPerson, tool: DevTool) -> DevDeepLinkRequest:
    """Remember a content selection; its ``data`` is opaque to the tool."""
    request = DevDeepLinkRequest(
        launch_id=f"{DEEP_LINK_PREFIX}{course_id}_{secrets.randbelow(2**31 - 1)}",
        data=secrets.token_urlsafe(24),
        course_id=course_id,
        tool_id=tool.id,
        person_id=person.id,
    )
    db.session.add(request)
    db.session.commit()
    return request


def login_fields(request: DevDeepLinkRequest) -> dict[str, str]:
    """The login initiation for a content selection: the tool's own launch URL."""
    tool = request.tool
    hint = json.dumps({"launchid": request.launch_id}, separators=(",", ":"))
    return {
        "iss": keys.get_site().issuer,
        "target_link_uri": tool.target_link_uri,
        "login_hint": str(request.person_id),
        "lti_message_hint": hint,
        "client_id": tool.client_id,
        "lti_deployment_id": str(tool.id),
    }


def tool_key(tool: DevTool, kid: str) -> Any:
    """The tool's public key named ``kid``, from its JWKS over HTTP (as Moodle)."""
    http = requests.Session()
    http.trust_env = False  # no proxy, and REQUESTS_CA_BUNDLE must not apply here
    try:
        answer = http.get(tool.jwks_url, timeout=5)
        answer.raise_for_status()
        found = [k for k in answer.json().get("keys", []) if k.get("kid") == kid]
    except (requests.RequestException, ValueError, AttributeError) as exc:
        raise ReturnRefusedError("tool keyset unreachable") from exc
    if not found:
        raise ReturnRefusedError("unknown kid")
    return jwt.PyJWK(found[0]).key


def _verified(token: str, tool: DevTool) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
        key = tool_key(tool, str(header.get("kid", "")))
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=["RS256"],
            audience=keys.get_site().issuer,
            issuer=tool.client_id,
            options={"require": ["exp", "iat", "nonce"]},
        )
    except jwt.PyJWTError as exc:
        raise ReturnRefusedError(f"bad token: {type(exc).__name__}") from exc
    if claims["exp"] - claims["iat"] > MAX_LIFETIME or not claims["nonce"]:
        raise ReturnRefusedError("bad lifetime or nonce")
    return claims


def _claim_request(claims: Mapping[str, Any], tool: DevTool) -> DevDeepLinkRequest:
    """The pending request the echoed ``data`` names, claimed once."""
    if claims.get(LTI + "message_type") != "LtiDeepLinkingResponse":
        raise ReturnRefusedError("not a deep linking response")
    if claims.get(LTI + "version") != "1.3.0":
        raise ReturnRefusedError("bad version")
    if claims.get(LTI + "deployment_id") != str(tool.id):
        raise ReturnRefusedError("wrong deployment")
    data = claims.get(DL + "data")
    if not isinstance(data, str):
        raise ReturnRefusedError("data not echoed")
    done = db.session.execute(
        update(DevDeepLinkRequest)
        .where(
            DevDeepLinkRequest.data == data,
            DevDeepLinkRequest.tool_id == tool.id,
            DevDeepLinkRequest.used_at.is_not(None),
            DevDeepLinkRequest.returned_at.is_(None),
        )
        .values(returned_at=utcnow())
    )
    db.session.commit()
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise ReturnRefusedError("unknown or already answered request")
    request: DevDeepLinkRequest = db.session.execute(
        select(DevDeepLinkRequest).where(DevDeepLinkRequest.data == data)
    ).scalar_one()
    return request


def _activity(item: Mapping[str, Any], request: DevDeepLinkRequest) -> DevActivity:
    if item.get("type") != "ltiResourceLink":
        raise ReturnRefusedError("only ltiResourceLink is accepted")
    custom = item.get("custom") or {}
    if not isinstance(custom, dict):
        raise ReturnRefusedError("custom is not an object")
    return DevActivity(
        course_id=request.course_id,
        tool_id=request.tool_id,
        name=str(item.get("title") or request.tool.name)[:255],
        description=str(item.get("text") or ""),
        launch_container=WINDOW if "window" in item else EMBED,
        target_link_uri=str(item.get("url") or request.tool.target_link_uri),
        custom={str(k): str(v) for k, v in custom.items()},
    )


def accept_return(token: str, course_id: int, tool: DevTool) -> Outcome:
    """Verify the tool's answer and create one activity per content item."""
    claims = _verified(token, tool)
    items = claims.get(DL + "content_items", [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ReturnRefusedError("content_items is not a list of objects")
    request = _claim_request(claims, tool)
    if request.course_id != course_id:
        raise ReturnRefusedError("another course's request")
    created = [_activity(item, request) for item in items]
    db.session.add_all(created)
    db.session.flush()
    for activity, item in zip(created, items, strict=True):
        add_activity_column(activity, item.get("lineItem"))
    db.session.commit()
    log.info("devlms deep linking course=%s created=%d", course_id, len(created))
    return Outcome(course_id, created)
