"""The one frozen description of a launch that the rest of the app reads."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from lti_app.lti import claims as c


@dataclass(frozen=True)
class LaunchContext:
    """Who launched, from where, into which course, with which role."""

    launch_id: str
    platform_id: int
    issuer: str
    client_id: str
    deployment_id: str
    course_id: int
    context_id: str
    course_title: str
    user_id: int
    membership_id: int
    sub: str
    user_name: str
    role: str
    role_recognised: bool
    locale: str
    message_type: str
    resource_link_id: str | None = None
    resource_link_title: str | None = None
    return_url: str | None = None
    document_target: str | None = None
    lti_roles: tuple[str, ...] = ()
    custom: dict[str, str] = field(default_factory=dict)
    services: dict[str, Any] = field(default_factory=dict)
    # A submission review launch: the ``sub`` of the learner whose work is shown.
    for_user: str | None = None

    @property
    def is_staff(self) -> bool:
        """Instructors and assistants manage the course in Cartable."""
        return self.role in c.STAFF_ROLES

    @property
    def is_platform_admin(self) -> bool:
        """An LMS administrator (system or institution role), course role aside."""
        return c.is_platform_admin(self.lti_roles)

    @property
    def is_instructor(self) -> bool:
        """Only instructors grant roles and change course settings."""
        return self.role == c.INSTRUCTOR

    def to_json(self, expires_at: float | None = None) -> str:
        """Serialise for the shared store, with the launch's expiry when given."""
        data = asdict(self)
        if expires_at is not None:
            data["expires_at"] = expires_at
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> LaunchContext:
        """Rebuild from the shared store."""
        return cls.from_stored(text)[0]

    @classmethod
    def from_stored(cls, text: str) -> tuple[LaunchContext, float | None]:
        """Rebuild from the shared store, with the expiry (a POSIX time) if stored."""
        data = json.loads(text)
        expires_at = data.pop("expires_at", None)
        data["lti_roles"] = tuple(data["lti_roles"])
        return cls(**data), expires_at


def locale_of(claims: dict[str, Any], default: str) -> str:
    """The interface language: the launch's locale when we speak it, else the default."""
    presentation = claims.get(c.LAUNCH_PRESENTATION) or {}
    raw = str(presentation.get("locale") or claims.get("locale") or default)
    language = raw.replace("_", "-").split("-")[0].lower()
    return language if language in {"fr", "en"} else default


def services_of(claims: dict[str, Any]) -> dict[str, Any]:
    """Keep the service endpoints later features call (AGS, NRPS, deep linking)."""
    keep = {
        "ags": c.AGS_ENDPOINT,
        "nrps": c.NRPS,
        "deep_linking": c.DEEP_LINKING_SETTINGS,
    }
    return {name: claims[claim] for name, claim in keep.items() if claim in claims}


def for_user_of(claims: dict[str, Any]) -> str | None:
    """The learner a submission review launch is about (validated beforehand)."""
    if claims.get(c.MESSAGE_TYPE) != c.SUBMISSION_REVIEW:
        return None
    return str((claims.get(c.FOR_USER) or {}).get("user_id") or "") or None


@dataclass(frozen=True)
class LaunchFacts:
    """What a validated launch says about the person, the course and the link."""

    platform_id: int
    issuer: str
    deployment_pk: int
    sub: str
    name: str | None
    given_name: str | None
    family_name: str | None
    email: str | None
    user_locale: str | None
    context_id: str
    context_title: str | None
    context_label: str | None
    role: str
    role_recognised: bool
    lti_roles: tuple[str, ...]
    resource_link_id: str | None
    resource_link_title: str | None
    custom: dict[str, str]


def _text(value: Any) -> str | None:
    return str(value)[:255] if value not in (None, "") else None


def facts_of(
    claims: dict[str, Any], platform_id: int, deployment_pk: int
) -> LaunchFacts:
    """Extract the facts Cartable stores from validated claims."""
    context = claims.get(c.CONTEXT) or {}
    link = claims.get(c.RESOURCE_LINK_CLAIM) or {}
    roles = tuple(str(role) for role in claims.get(c.ROLES) or ())
    decision = c.normalise_roles(roles)
    custom = claims.get(c.CUSTOM) or {}
    return LaunchFacts(
        platform_id=platform_id,
        issuer=str(claims["iss"]),
        deployment_pk=deployment_pk,
        sub=str(claims["sub"]),
        name=_text(claims.get("name")),
        given_name=_text(claims.get("given_name")),
        family_name=_text(claims.get("family_name")),
        email=_text(claims.get("email")),
        # Moodle sends the person's language only in launch_presentation.
        user_locale=_text(
            (claims.get(c.LAUNCH_PRESENTATION) or {}).get("locale")
            or claims.get("locale")
        ),
        context_id=str(context["id"]),
        context_title=_text(context.get("title")),
        context_label=_text(context.get("label")),
        role=decision.role,
        role_recognised=decision.recognised,
        lti_roles=roles,
        resource_link_id=_text(link.get("id")),
        resource_link_title=_text(link.get("title")),
        custom={str(k): str(v) for k, v in custom.items()}
        if isinstance(custom, dict)
        else {},
    )


@dataclass(frozen=True)
class PrivacyRequest:
    """A validated data privacy launch: whose data, asked by whom, in which language."""

    issuer: str
    for_sub: str
    locale: str
    acting_admin: bool


def privacy_request_of(claims: dict[str, Any], default_locale: str) -> PrivacyRequest:
    """Read a data privacy launch (its ``for_user`` was checked by validation)."""
    for_sub = str((claims.get(c.FOR_USER) or {}).get("user_id"))
    return PrivacyRequest(
        issuer=str(claims["iss"]),
        for_sub=for_sub,
        locale=locale_of(claims, default_locale),
        acting_admin=for_sub != str(claims.get("sub")),
    )
