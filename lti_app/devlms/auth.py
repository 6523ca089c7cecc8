"""The OIDC authorization endpoint, with Moodle 4.5's checks in Moodle's order.

Like ``mod/lti/auth.php``: a request whose launch or redirect URI cannot be trusted
ends on an "invalidrequest" page; any later failure is POSTed back to the
registered ``redirect_uri`` as an OIDC ``error`` with the ``state``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import select, update

from lti_app.devlms import keys, messages
from lti_app.devlms.models import (
    DevDeepLinkRequest,
    DevLaunchHint,
    DevPerson,
    DevTool,
    utcnow,
)
from lti_app.devlms.roster import service_claims
from lti_app.devlms.service import find_enrolment
from lti_app.extensions import db

log = logging.getLogger(__name__)
HINT_SECONDS = 600
DEEP_LINK_PREFIX = "ltideeplink"
REQUIRED = (
    "scope",
    "response_type",
    "client_id",
    "redirect_uri",
    "login_hint",
    "nonce",
)


@dataclass(frozen=True)
class Refused:
    """No trusted place to answer: show an error page (Moodle's ``invalidrequest``)."""

    reason: str


@dataclass(frozen=True)
class FormPost:
    """An auto-submitted form to the tool's redirect URI."""

    action: str
    fields: dict[str, str] = field(default_factory=dict)


def _launch_id(raw: str) -> str | None:
    try:
        hint = json.loads(raw)
    except ValueError:
        return None
    value = hint.get("launchid") if isinstance(hint, dict) else None
    return value if isinstance(value, str) and value else None


_Redeemable = TypeVar("_Redeemable", DevLaunchHint, DevDeepLinkRequest)


def _redeem(model: type[_Redeemable], launch_id: str) -> _Redeemable | None:
    """Claim an unused, recent row once: the UPDATE decides between racers."""
    now = utcnow()
    claimed = db.session.execute(
        update(model)
        .where(
            model.launch_id == launch_id,
            model.used_at.is_(None),
            model.created_at >= now - timedelta(seconds=HINT_SECONDS),
        )
        .values(used_at=now)
    )
    db.session.commit()
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return db.session.scalar(select(model).where(model.launch_id == launch_id))


def redeem_hint(launch_id: str) -> DevLaunchHint | None:
    """Claim an unused, recent launch once; concurrent redeemers get None."""
    return _redeem(DevLaunchHint, launch_id)


def redeem_deep_link(launch_id: str) -> DevDeepLinkRequest | None:
    """Claim an unused, recent content selection once, like a launch hint."""
    return _redeem(DevDeepLinkRequest, launch_id)


@dataclass(frozen=True)
class Pending:
    """A redeemed launch of either kind: what the checks and the claims need."""

    launch_id: str
    tool: DevTool
    course_id: int
    person: DevPerson
    claims: Callable[[messages.Launcher, str], dict[str, object]]
    activity_id: int | None = None


def _pending(launch_id: str) -> Pending | None:
    site = keys.get_site()
    if launch_id.startswith(DEEP_LINK_PREFIX):
        request = redeem_deep_link(launch_id)
        if request is None:
            return None
        return Pending(
            launch_id,
            request.tool,
            request.course_id,
            request.person,
            lambda who, nonce: messages.deep_linking_claims(site, request, who, nonce),
        )
    hint = redeem_hint(launch_id)
    if hint is None:
        return None
    return Pending(
        launch_id,
        hint.activity.tool,
        hint.activity.course_id,
        hint.person,
        lambda who, nonce: messages.id_token_claims(site, hint, who, nonce),
        hint.activity.id,
    )


def _early_error(params: Mapping[str, str]) -> str | None:
    if any(not params.get(name) for name in REQUIRED):
        return "invalid_request"
    if _launch_id(params.get("lti_message_hint", "")) is None:
        return "invalid_request"
    if params["scope"] != "openid":
        return "invalid_scope"
    if params["response_type"] != "id_token":
        return "unsupported_response_type"
    return None


def _late_error(params: Mapping[str, str], hint: Pending) -> tuple[str, str] | None:
    if params["client_id"] != hint.tool.client_id:
        return "unauthorized_client", ""
    if params["login_hint"] != str(hint.person.id):
        return "access_denied", ""
    if params.get("response_mode") != "form_post":
        return "invalid_request", "Invalid response_mode"
    if params.get("prompt") and params["prompt"] != "none":
        return "invalid_request", "Invalid prompt"
    return None


def authorize(params: Mapping[str, str]) -> Refused | FormPost:
    """Check an authorization request and answer with an id_token or an error."""
    early = _early_error(params)
    launch_id = _launch_id(params.get("lti_message_hint", ""))
    hint = _pending(launch_id) if early is None and launch_id else None
    if hint is None:
        return Refused(early or "unknown or used launch")
    redirect_uri = params["redirect_uri"]
    if redirect_uri not in hint.tool.redirect_uris:
        return Refused("redirect_uri not registered")
    state = {"state": params["state"]} if params.get("state") else {}
    late = _late_error(params, hint)
    if late is not None:
        log.info("devlms auth refused error=%s launch=%s", late[0], hint.launch_id)
        error = {
            "error": late[0],
            **({"error_description": late[1]} if late[1] else {}),
        }
        return FormPost(redirect_uri, {**error, **state})
    enrolment = find_enrolment(hint.course_id, hint.person.id)
    launcher = messages.Launcher(hint.person, enrolment.role if enrolment else None)
    claims = hint.claims(launcher, params["nonce"])
    claims.update(service_claims(hint.course_id, hint.tool, hint.activity_id))
    return FormPost(redirect_uri, {"id_token": keys.sign(claims), **state})
