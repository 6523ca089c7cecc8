"""The launch checks, in order, each failure with its own reason code.

pylti1p3 2.0.0 leaves gaps (no nonce consumption, ``aud[0]`` only, no ``azp``,
``exp``/``iat`` optional, no timeouts): we verify the token ourselves with PyJWT
and keep pylti1p3's per-message claim validators for the shape of each message.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from pylti1p3.exception import LtiException
from pylti1p3.message_validators import get_validators
from pylti1p3.message_validators.deep_link import DeepLinkMessageValidator
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.lti import claims as c
from lti_app.lti.errors import LtiError
from lti_app.lti.models import Deployment, Platform
from lti_app.lti.platform_keys import platform_key
from lti_app.lti.registry import find_deployment
from lti_app.lti.store import get_store

# Fields the platform storage page adds to the launch form it posts again.
STORAGE_STATE_FIELD = "lti_storage_state"
STORAGE_NONCE_FIELD = "lti_storage_nonce"


@dataclass(frozen=True)
class ValidLaunch:
    """A launch that passed every check."""

    claims: dict[str, Any]
    platform: Platform
    deployment: Deployment


@dataclass(frozen=True)
class Limits:
    """Clock tolerances for the token's dates."""

    leeway: int
    max_age: int
    nonce_ttl: int


@dataclass(frozen=True)
class StoredValues:
    """State and nonce as the launch page read them back from platform storage."""

    state: str
    nonce: str


def claim_state(
    state: str | None, cookie_value: str | None, storage: StoredValues | None = None
) -> dict[str, Any]:
    """Consume the login state and check that this browser holds it.

    The browser proves it with the state cookie or, for a login that went through
    LTI platform storage, with the state and nonce its page read back from there.
    Either way the state is single-use here, in the shared store.
    """
    if not state:
        raise LtiError("missing-state")
    stored = get_store().pop(f"state:{state}")
    if stored is None:
        raise LtiError("state-unknown")
    record: dict[str, Any] = json.loads(stored)
    if cookie_value is None and storage is not None and record.get("storage_target"):
        if storage.state != state or storage.nonce != record["nonce"]:
            raise LtiError("storage-mismatch")
        return record
    if cookie_value is None:
        raise LtiError("state-cookie-missing")
    if cookie_value != state:
        raise LtiError("state-mismatch")
    return record


def _segment(part: str) -> dict[str, Any]:
    value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload, read once and unverified, only to pick the key and registration.

    The standard library decodes here; PyJWT then verifies the whole token once.
    """
    parts = token.split(".")
    if len(parts) != 3:
        raise LtiError("malformed-jwt", "not three parts")
    try:
        header, payload = _segment(parts[0]), _segment(parts[1])
    except (ValueError, UnicodeDecodeError) as exc:  # binascii.Error is a ValueError
        raise LtiError("malformed-jwt") from exc
    if header.get("alg") != "RS256":
        raise LtiError("bad-alg", str(header.get("alg")))
    if not header.get("kid"):
        raise LtiError("missing-kid")
    return header, payload


def unverified_payload(token: str) -> dict[str, Any] | None:
    """The payload, unverified, or None: only to say who a request claims to be."""
    parts = token.split(".") if token else []
    if len(parts) != 3:
        return None
    try:
        return _segment(parts[1])
    except (ValueError, UnicodeDecodeError):
        return None


def _registration(unverified: Mapping[str, Any], platform_id: int) -> Platform:
    audiences = unverified.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else audiences
    if not isinstance(audiences, list):
        raise LtiError("wrong-audience", "aud is neither a string nor a list")
    candidates = db.session.scalars(
        select(Platform).where(Platform.issuer == str(unverified.get("iss")))
    ).all()
    if not candidates:
        raise LtiError("unknown-issuer")
    matching = [p for p in candidates if p.client_id in audiences]
    if not matching:
        raise LtiError("wrong-audience")
    platform = matching[0]
    if platform.id != platform_id:
        raise LtiError("state-mismatch", "the token names another registration")
    if not platform.active:
        raise LtiError("platform-inactive")
    return platform


_DECODE_ERRORS: tuple[tuple[type[Exception], str], ...] = (
    (jwt.InvalidSignatureError, "bad-signature"),
    (jwt.ExpiredSignatureError, "token-expired"),
    (jwt.ImmatureSignatureError, "token-future"),
    (jwt.MissingRequiredClaimError, "missing-time-claims"),
    (jwt.InvalidAudienceError, "wrong-audience"),
    (jwt.InvalidIssuerError, "unknown-issuer"),
    # After _unverified() parsed the token, these only mean a non-numeric iat, exp or nbf.
    (jwt.InvalidIssuedAtError, "invalid-claims"),
    (jwt.DecodeError, "invalid-claims"),
)


def _verify(token: str, kid: str, platform: Platform, limits: Limits) -> dict[str, Any]:
    key = platform_key(platform.keyset_url, kid)
    try:
        payload: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=["RS256"],
            audience=platform.client_id,
            issuer=platform.issuer,
            leeway=limits.leeway,
            options={"require": ["exp", "iat", "iss", "aud"]},
        )
    except jwt.InvalidTokenError as exc:
        code = next(
            (code for kind, code in _DECODE_ERRORS if isinstance(exc, kind)), None
        )
        raise LtiError(code or "malformed-jwt", type(exc).__name__) from exc
    if payload["iat"] < time.time() - limits.max_age:
        raise LtiError("token-too-old")
    return payload


def _check_azp(payload: Mapping[str, Any], client_id: str) -> None:
    audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
    azp = payload.get("azp")
    if azp is not None and azp != client_id:
        raise LtiError("azp-mismatch")
    if azp is None and len(audiences) > 1:
        raise LtiError("azp-missing")


def _consume_nonce(payload: Mapping[str, Any], expected: str, ttl: int) -> None:
    """The nonce must be the one issued with this login's state, and is used once."""
    nonce = payload.get("nonce")
    if not nonce or not isinstance(nonce, str):
        raise LtiError("nonce-missing")
    store = get_store()
    if nonce != expected:
        replayed = store.get(f"nonce-used:{nonce}") is not None
        raise LtiError("nonce-replayed" if replayed else "nonce-unknown")
    if not store.add(f"nonce-used:{nonce}", "1", ttl):
        raise LtiError("nonce-replayed")


def _check_target(payload: Mapping[str, Any], expected: str) -> None:
    """The launch must go where the login said (the Implementation Guide's check)."""
    target = payload.get(c.TARGET_LINK_URI)
    if target is not None and target != expected:
        raise LtiError("target-mismatch")


def _check_message(payload: Mapping[str, Any], platform: Platform) -> Deployment:
    deployment = find_deployment(platform, str(payload.get(c.DEPLOYMENT_ID, "")))
    if deployment is None:
        raise LtiError("deployment-unknown")
    if payload.get(c.VERSION) != "1.3.0":
        raise LtiError("bad-version")
    message_type = payload.get(c.MESSAGE_TYPE)
    if not message_type:
        raise LtiError("missing-message-type")
    if message_type not in c.KNOWN_MESSAGE_TYPES:
        raise LtiError("unknown-message-type", str(message_type))
    if not payload.get("sub"):
        raise LtiError("missing-sub")
    if not isinstance(payload.get(c.ROLES), list):
        raise LtiError("missing-roles")
    _check_objects(payload)
    # A data privacy request concerns a person, not a course: it carries no context.
    privacy = message_type in c.DATA_PRIVACY_TYPES
    if not privacy and not (payload.get(c.CONTEXT) or {}).get("id"):
        raise LtiError("missing-context")
    if privacy:
        _check_data_privacy(payload)
    if message_type == c.RESOURCE_LINK and not (
        payload.get(c.RESOURCE_LINK_CLAIM) or {}
    ).get("id"):
        raise LtiError("missing-resource-link")
    if message_type == c.SUBMISSION_REVIEW:
        _check_submission_review(payload)
    _run_pylti1p3_validators(payload)
    return deployment


def _check_submission_review(payload: Mapping[str, Any]) -> None:
    """Whose work and which column; a learner may only open their own work."""
    for_user = payload.get(c.FOR_USER)
    user_id = for_user.get("user_id") if isinstance(for_user, dict) else None
    ags = payload.get(c.AGS_ENDPOINT)
    lineitem = ags.get("lineitem") if isinstance(ags, dict) else None
    if (
        not isinstance(user_id, str | int)
        or isinstance(user_id, bool)
        or not str(user_id)
    ):
        raise LtiError("review-invalid", "for_user.user_id")
    if not isinstance(lineitem, str) or not lineitem:
        raise LtiError("review-invalid", "AGS lineitem")
    role = c.normalise_roles(str(r) for r in payload.get(c.ROLES) or ()).role
    if role not in c.STAFF_ROLES and str(user_id) != str(payload.get("sub")):
        raise LtiError("review-not-yours")


def _check_data_privacy(payload: Mapping[str, Any]) -> None:
    """Whose data: ``for_user`` names them; only they or an LMS administrator ask.

    pylti1p3 only knows the draft's name: its validator runs for both spellings.
    """
    if payload.get(c.CONTEXT) is not None or payload.get(c.RESOURCE_LINK_CLAIM):
        raise LtiError("privacy-invalid", "context or resource_link present")
    for_user = payload.get(c.FOR_USER)
    user_id = for_user.get("user_id") if isinstance(for_user, dict) else None
    if (
        not isinstance(user_id, str | int)
        or isinstance(user_id, bool)
        or not str(user_id)
    ):
        raise LtiError("privacy-invalid", "for_user.user_id")
    roles = [str(r) for r in payload.get(c.ROLES) or ()]
    if str(user_id) != str(payload.get("sub")) and not c.is_platform_admin(roles):
        raise LtiError("privacy-not-yours")


def _check_objects(payload: Mapping[str, Any]) -> None:
    """Claims the specs define as JSON objects must be objects when present."""
    for claim in c.OBJECT_CLAIMS:
        if claim in payload and not isinstance(payload[claim], dict):
            raise LtiError("invalid-claims", f"{claim} is not an object")


def _check_deep_linking(payload: Mapping[str, Any]) -> None:
    """The settings claim's required fields, whatever types they accept.

    pylti1p3 refuses a request whose ``accept_types`` lacks ``ltiResourceLink``;
    the spec allows it, and the picker then says that Cartable has nothing to offer.
    """
    settings = payload.get(c.DEEP_LINKING_SETTINGS)
    if not isinstance(settings, dict) or not settings.get("deep_link_return_url"):
        raise LtiError("invalid-claims", "deep_linking_settings incomplete")
    for name in ("accept_types", "accept_presentation_document_targets"):
        if not isinstance(settings.get(name), list) or not settings[name]:
            raise LtiError("invalid-claims", f"deep_linking_settings {name}")


def _run_pylti1p3_validators(payload: Mapping[str, Any]) -> None:
    if payload.get(c.MESSAGE_TYPE) == c.DEEP_LINKING:
        _check_deep_linking(payload)
    if payload.get(c.MESSAGE_TYPE) == c.DATA_PRIVACY:
        payload = {**payload, c.MESSAGE_TYPE: c.DATA_PRIVACY_DRAFT}
    try:
        for validator in get_validators():  # type: ignore[no-untyped-call]
            if isinstance(validator, DeepLinkMessageValidator):
                continue  # replaced by _check_deep_linking
            if validator.can_validate(payload):
                validator.validate(payload)
    except LtiException as exc:
        raise LtiError("invalid-claims", str(exc)) from exc


def stored_values(form: Mapping[str, str]) -> StoredValues | None:
    """What the platform storage page posted back, if it did."""
    state, nonce = form.get(STORAGE_STATE_FIELD), form.get(STORAGE_NONCE_FIELD)
    return StoredValues(state, nonce) if state and nonce else None


def validate_launch(
    form: Mapping[str, str], cookie_for: Mapping[str, str], limits: Limits
) -> ValidLaunch:
    """Run every launch check; ``cookie_for`` maps cookie names to values."""
    if form.get("error"):  # an OIDC error response instead of a token
        raise LtiError("platform-refused", str(form.get("error"))[:64])
    token = form.get("id_token")
    if not token:
        raise LtiError("missing-id-token")
    state = form.get("state")
    record = claim_state(
        state, cookie_for.get(f"lti_state_{state}"), stored_values(form)
    )
    header, unverified = _unverified(token)
    platform = _registration(unverified, int(record["platform_id"]))
    payload = _verify(token, str(header["kid"]), platform, limits)
    _check_azp(payload, platform.client_id)
    _consume_nonce(payload, str(record["nonce"]), limits.nonce_ttl)
    _check_target(payload, str(record["target"]))
    deployment = _check_message(payload, platform)
    return ValidLaunch(payload, platform, deployment)
