"""OIDC third-party-initiated login: check the request, issue state and nonce."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from lti_app.lti.errors import LtiError
from lti_app.lti.registry import find_deployment, resolve_for_login
from lti_app.lti.store import get_store

REQUIRED = ("iss", "login_hint", "target_link_uri")
# A frame name (``_parent`` included): what ``window.frames[name]`` can find.
_FRAME_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


@dataclass(frozen=True)
class PendingLogin:
    """A login accepted and remembered: where to send the browser next."""

    state: str
    nonce: str
    auth_url: str
    # LTI platform storage (``lti_storage_target``): the frame, and the origin
    # that must answer, the platform's OIDC authorisation endpoint's.
    storage_target: str | None = None
    storage_origin: str | None = None


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, as ``postMessage`` compares origins."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def storage_target_of(params: Mapping[str, str]) -> str | None:
    """The platform storage frame the login names, if any; refuse a malformed one."""
    target = params.get("lti_storage_target") or ""
    if not target:
        return None
    if not _FRAME_NAME.fullmatch(target):
        raise LtiError("bad-storage-target")
    return target


def check_target(target_link_uri: str, tool_hosts: Collection[str]) -> None:
    """Refuse a ``target_link_uri`` that is not on this tool (no open redirect)."""
    parts = urlsplit(target_link_uri)
    if parts.scheme not in {"http", "https"} or parts.netloc.lower() not in tool_hosts:
        raise LtiError("bad-target-link", target_link_uri)


def begin_login(
    params: Mapping[str, str],
    redirect_uri: str,
    tool_hosts: Collection[str],
    ttl: int,
) -> PendingLogin:
    """Validate a login request, store its state (with the nonce), build the auth URL."""
    if any(not params.get(name) for name in REQUIRED):
        raise LtiError("login-missing-param")
    platform = resolve_for_login(params["iss"], params.get("client_id") or None)
    deployment_id = params.get("lti_deployment_id")
    if deployment_id and find_deployment(platform, deployment_id) is None:
        raise LtiError("deployment-unknown")
    check_target(params["target_link_uri"], tool_hosts)
    storage_target = storage_target_of(params)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": redirect_uri,
        "login_hint": params["login_hint"],
        "state": state,
        "nonce": nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_login_url else "?"
    auth_url = platform.auth_login_url + separator + urlencode(query)
    # One record, one write: the nonce is issued inside the single-use state.
    record = {
        "nonce": nonce,
        "platform_id": platform.id,
        "target": params["target_link_uri"],
        "auth_url": auth_url,
    }
    storage_origin = None
    if storage_target:
        storage_origin = origin_of(platform.auth_login_url)
        record |= {"storage_target": storage_target, "storage_origin": storage_origin}
    get_store().put(f"state:{state}", json.dumps(record), ttl)
    return PendingLogin(state, nonce, auth_url, storage_target, storage_origin)


def pending_auth_url(state: str) -> str:
    """The platform URL a stored, unexpired login state leads to."""
    stored = get_store().get(f"state:{state}") if state else None
    if stored is None:
        raise LtiError("state-unknown")
    return str(json.loads(stored)["auth_url"])


def find_pending(state: str) -> dict[str, Any] | None:
    """The stored login record of an unexpired state, without consuming it."""
    stored = get_store().get(f"state:{state}") if state else None
    return None if stored is None else dict(json.loads(stored))
