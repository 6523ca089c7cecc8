"""OIDC third-party-initiated login: check the request, issue state and nonce."""

from __future__ import annotations

import json
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from lti_app.lti.errors import LtiError
from lti_app.lti.registry import find_deployment, resolve_for_login
from lti_app.lti.store import get_store

REQUIRED = ("iss", "login_hint", "target_link_uri")


@dataclass(frozen=True)
class PendingLogin:
    """A login accepted and remembered: where to send the browser next."""

    state: str
    nonce: str
    auth_url: str


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
    get_store().put(f"state:{state}", json.dumps(record), ttl)
    return PendingLogin(state, nonce, auth_url)


def pending_auth_url(state: str) -> str:
    """The platform URL a stored, unexpired login state leads to."""
    stored = get_store().get(f"state:{state}") if state else None
    if stored is None:
        raise LtiError("state-unknown")
    return str(json.loads(stored)["auth_url"])
