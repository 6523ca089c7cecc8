"""LTI Dynamic Registration 1.0, the tool's side (Moodle's "Register tool via URL").

The platform opens our registration URL with ``openid_configuration`` and
``registration_token``; we read its configuration through the outbound guard,
check it (the issuer must be a prefix of the configuration URL, DR section 3.5.1),
post our registration with the token, and keep the client and deployment ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from lti_app.lti import registry
from lti_app.lti.models import Platform
from lti_app.lti.outbound import Guard, request_json
from lti_app.lti.registration_errors import RegistrationError
from lti_app.tool_urls import ToolUrls

PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
ENDPOINTS = (
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "registration_endpoint",
)
AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
SCOPES = (
    AGS + "lineitem",
    AGS + "lineitem.readonly",
    AGS + "result.readonly",
    AGS + "score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)
CLAIMS = ("iss", "sub", "name", "given_name", "family_name", "email", "locale")
CLIENT_NAME = "Cartable"
LABELS = {
    "LtiResourceLinkRequest": _l("Cartable : modules et bibliographie du cours"),
    "LtiDeepLinkingRequest": _l("Cartable : ajouter un module ou une lecture"),
}
DESCRIPTION = _l(
    "Modules de cours, bibliographie et liste de lectures, ouverts depuis le cours."
)
LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class PlatformConfiguration:
    """What we keep of a platform's OpenID configuration."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    registration_endpoint: str
    product: str
    version: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Registered:
    """The outcome shown to the administrator."""

    platform: Platform
    created: bool
    deployment_id: str
    configuration: PlatformConfiguration


def issuer_matches(issuer: str, url: str) -> bool:
    """The configuration URL equals the issuer or continues it after a ``/``."""
    if not issuer or urlsplit(issuer).scheme not in {"http", "https"}:
        return False
    return url == issuer or url.startswith(issuer.rstrip("/") + "/")


def message_types(platform_config: Mapping[str, Any]) -> tuple[str, ...]:
    """``messages_supported`` lists strings (older platforms) or objects (DR 1.0)."""
    listed = platform_config.get("messages_supported") or []
    found = []
    for entry in listed if isinstance(listed, list) else []:
        kind = entry.get("type") if isinstance(entry, dict) else entry
        if isinstance(kind, str):
            found.append(kind)
    return tuple(found)


def check_configuration(url: str, document: Any) -> PlatformConfiguration:
    """Refuse a configuration that does not belong to its URL or lacks a field."""
    if not isinstance(document, dict):
        raise RegistrationError("registration-bad-configuration", url)
    issuer = document.get("issuer")
    if not isinstance(issuer, str) or not issuer_matches(issuer, url):
        raise RegistrationError("registration-issuer-mismatch", f"{issuer!r} / {url}")
    missing = [name for name in ENDPOINTS if not isinstance(document.get(name), str)]
    lti = document.get(PLATFORM_CONFIGURATION)
    if not isinstance(lti, dict):
        missing.append(PLATFORM_CONFIGURATION)
        lti = {}
    if missing:
        raise RegistrationError(
            "registration-incomplete-configuration", ", ".join(missing)
        )
    return PlatformConfiguration(
        issuer=issuer,
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        registration_endpoint=document["registration_endpoint"],
        product=str(lti.get("product_family_code") or ""),
        version=str(lti.get("version") or ""),
        messages=message_types(lti),
    )


def _localised(name: str, text: object) -> dict[str, str]:
    """``name`` in French (the default) plus ``name#fr`` and ``name#en``."""
    values = {}
    for language in LANGUAGES:
        with force_locale(language):
            values[f"{name}#{language}"] = str(text)
    return {name: values[f"{name}#fr"], **values}


def tool_registration(urls: ToolUrls) -> dict[str, Any]:
    """The registration request body, as Moodle requires it."""
    messages = [
        {
            "type": kind,
            "target_link_uri": urls.launch,
            **_localised("label", label),
        }
        for kind, label in LABELS.items()
    ]
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": urls.login,
        "redirect_uris": [urls.launch],
        "client_name": CLIENT_NAME,
        "logo_uri": urls.logo,
        "jwks_uri": urls.jwks,
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(SCOPES),
        TOOL_CONFIGURATION: {
            "domain": urls.domain,
            "target_link_uri": urls.launch,
            "claims": list(CLAIMS),
            "messages": messages,
            **_localised("description", DESCRIPTION),
        },
    }


def fetch_configuration(url: str, guard: Guard) -> PlatformConfiguration:
    """Read and check the platform's configuration."""
    status, document = request_json("GET", url, guard)
    if status != 200:
        raise RegistrationError("registration-unreachable", f"HTTP {status}")
    return check_configuration(url, document)


def _platform_error(status: int, answer: Any) -> str:
    if isinstance(answer, dict):
        text = answer.get("error_description") or answer.get("error") or ""
        return f"HTTP {status}: {str(text)[:200]}"
    return f"HTTP {status}"


def register(
    configuration_url: str,
    token: str | None,
    urls: ToolUrls,
    guard: Guard,
) -> Registered:
    """The whole exchange; the stored registration is new or gains a deployment."""
    if not configuration_url:
        raise RegistrationError("registration-missing-configuration")
    config = fetch_configuration(configuration_url, guard)
    status, answer = request_json(
        "POST", config.registration_endpoint, guard, tool_registration(urls), token
    )
    if status not in {200, 201}:
        raise RegistrationError(
            "registration-refused-by-platform", _platform_error(status, answer)
        )
    client_id, deployment_id = _ids(answer)
    data = registry.RegistrationInput(
        issuer=config.issuer,
        client_id=client_id,
        auth_login_url=config.authorization_endpoint,
        auth_token_url=config.token_endpoint,
        keyset_url=config.jwks_uri,
        deployment_ids=(deployment_id,),
        name=config.product or None,
    )
    try:
        platform, created = registry.add_client(data)
    except registry.ClientExistsError as exc:
        raise RegistrationError("registration-client-exists", str(exc)) from exc
    except registry.RegistryError as exc:  # an endpoint that is not an http(s) URL
        raise RegistrationError("registration-bad-url", str(exc)) from exc
    return Registered(platform, created, deployment_id, config)


def _ids(answer: Any) -> tuple[str, str]:
    """The client id and the deployment id the platform gave (Moodle: type id)."""
    if not isinstance(answer, dict):
        raise RegistrationError("registration-bad-response", "not a JSON object")
    tool = answer.get(TOOL_CONFIGURATION)
    deployment = tool.get("deployment_id") if isinstance(tool, dict) else None
    client_id = answer.get("client_id")
    if not client_id or deployment in (None, ""):
        raise RegistrationError("registration-bad-response", "client or deployment")
    return str(client_id), str(deployment)
