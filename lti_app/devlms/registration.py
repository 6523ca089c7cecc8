"""The development LMS's side of Dynamic Registration, checked as Moodle 4.5 checks.

``openid-configuration`` describes the LMS like ``mod/lti/openid-configuration.php``;
the registration endpoint (``openid-registration.php``) takes a single-use bearer
token (a JWT whose ``sub`` is the client id to create) and refuses a request
without ``token_endpoint_auth_method: private_key_jwt``, ``domain`` or
``target_link_uri``. The new tool gets the next type id, which is its deployment id.
"""

from __future__ import annotations

import secrets
import string
import time
from typing import Any

import jwt
from sqlalchemy import func, select

from lti_app.devlms import keys
from lti_app.devlms.models import DevSite, DevTool
from lti_app.extensions import db

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
SCOPES = [
    AGS + "lineitem",
    AGS + "lineitem.readonly",
    AGS + "result.readonly",
    AGS + "score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
]
TOKEN_SECONDS = 3600


class RegistrationRefusedError(Exception):
    """Moodle's refusal: an HTTP status and an OAuth-style error code."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


def configuration_url(site: DevSite) -> str:
    """Where the tool reads the LMS's configuration."""
    return site.issuer + "/openid-configuration"


def openid_configuration(site: DevSite) -> dict[str, Any]:
    """The LMS's OpenID configuration, shaped like Moodle's."""
    base = site.issuer
    return {
        "issuer": base,
        "token_endpoint": base + "/token",
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
        "jwks_uri": base + "/jwks",
        "authorization_endpoint": base + "/auth",
        "registration_endpoint": base + "/register",
        "scopes_supported": ["openid", *SCOPES],
        "response_types_supported": ["id_token"],
        "subject_types_supported": ["public", "pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": [
            "sub",
            "iss",
            "name",
            "given_name",
            "family_name",
            "email",
        ],
        PLATFORM_CONFIGURATION: {
            "product_family_code": "moodle",
            "version": "4.5.6 (Build: 20250811)",
            "messages_supported": [
                {"type": "LtiResourceLinkRequest"},
                {"type": "LtiDeepLinkingRequest", "placements": ["ContentArea"]},
            ],
            "variables": [],
        },
    }


def _client_id() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(15))


def issue_token() -> str:
    """A registration token: signed by the LMS, naming the client id to create."""
    now = int(time.time())
    claims = {
        "sub": _client_id(),
        "scope": "reg",
        "iat": now,
        "exp": now + TOKEN_SECONDS,
    }
    return keys.sign(claims)


def _client_of(token: str) -> str:
    key = jwt.PyJWK(keys.public_jwks()["keys"][0], algorithm="RS256")
    try:
        claims = jwt.decode(token, key, algorithms=["RS256"])
    except jwt.InvalidTokenError as exc:
        raise RegistrationRefusedError(401, "invalid_token") from exc
    if claims.get("scope") != "reg" or not claims.get("sub"):
        raise RegistrationRefusedError(401, "invalid_token")
    client_id = str(claims["sub"])
    if db.session.scalar(select(DevTool).where(DevTool.client_id == client_id)):
        raise RegistrationRefusedError(401, "token_already_used")
    return client_id


def _check(body: Any) -> dict[str, Any]:
    """Moodle's own refusals, in its order."""
    if not isinstance(body, dict):
        raise RegistrationRefusedError(400, "invalid_request")
    if body.get("token_endpoint_auth_method") != "private_key_jwt":
        raise RegistrationRefusedError(400, "invalid_client_metadata")
    tool = body.get(TOOL_CONFIGURATION)
    if not isinstance(tool, dict) or not tool.get("domain"):
        raise RegistrationRefusedError(400, "missing_domain")
    if not tool.get("target_link_uri"):
        raise RegistrationRefusedError(400, "missing_target_link_uri")
    for name in ("initiate_login_uri", "jwks_uri"):
        if not isinstance(body.get(name), str):
            raise RegistrationRefusedError(400, f"missing_{name}")
    if not isinstance(body.get("redirect_uris"), list) or not body["redirect_uris"]:
        raise RegistrationRefusedError(400, "missing_redirect_uris")
    return tool


def register_tool(token: str, body: Any) -> dict[str, Any]:
    """Create the tool as Moodle does ("Pending" there) and answer its ids."""
    client_id = _client_of(token)
    tool_config = _check(body)
    claims = set(tool_config.get("claims") or [])
    next_id = (db.session.scalar(select(func.max(DevTool.id))) or 0) + 1
    tool = DevTool(
        id=next_id,
        name=str(body.get("client_name") or "Tool")[:255],
        client_id=client_id,
        login_url=body["initiate_login_uri"],
        redirect_uris=[str(uri) for uri in body["redirect_uris"]],
        jwks_url=body["jwks_uri"],
        target_link_uri=tool_config["target_link_uri"],
        send_name=bool(claims & {"name", "given_name", "family_name"}),
        send_email="email" in claims,
        custom={},
    )
    db.session.add(tool)
    db.session.commit()
    answer = {k: v for k, v in body.items() if k != TOOL_CONFIGURATION}
    answer["client_id"] = client_id
    answer[TOOL_CONFIGURATION] = {
        **tool_config,
        "version": "1.3.0",
        "deployment_id": str(tool.id),
    }
    return answer


def list_tools() -> list[DevTool]:
    """Every tool the LMS knows, oldest first."""
    return list(db.session.scalars(select(DevTool).order_by(DevTool.id)))
