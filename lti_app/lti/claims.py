"""Claim names and the normalisation of roles: raw claim URLs stay in this module."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
RESOURCE_LINK_CLAIM = LTI + "resource_link"
LAUNCH_PRESENTATION = LTI + "launch_presentation"
CUSTOM = LTI + "custom"
TARGET_LINK_URI = LTI + "target_link_uri"
FOR_USER = LTI + "for_user"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINKING_SETTINGS = (
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
)
OBJECT_CLAIMS = (
    CONTEXT,
    RESOURCE_LINK_CLAIM,
    LAUNCH_PRESENTATION,
    CUSTOM,
    LTI + "tool_platform",
    LTI + "lis",
    FOR_USER,
    AGS_ENDPOINT,
    NRPS,
    DEEP_LINKING_SETTINGS,
)

RESOURCE_LINK = "LtiResourceLinkRequest"
DEEP_LINKING = "LtiDeepLinkingRequest"
SUBMISSION_REVIEW = "LtiSubmissionReviewRequest"
# 1EdTech's Data Privacy Launch: a person (or an LMS administrator for them, named
# in ``for_user``) opens what the tool holds about them. The draft and pylti1p3
# name it DataPrivacyLaunchRequest; the published name carries the Lti prefix.
DATA_PRIVACY = "LtiDataPrivacyLaunchRequest"
DATA_PRIVACY_DRAFT = "DataPrivacyLaunchRequest"
DATA_PRIVACY_TYPES = frozenset({DATA_PRIVACY, DATA_PRIVACY_DRAFT})
KNOWN_MESSAGE_TYPES = frozenset(
    {RESOURCE_LINK, DEEP_LINKING, SUBMISSION_REVIEW, *DATA_PRIVACY_TYPES}
)

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
LEGACY = "urn:lti:role:ims/lis/"

INSTRUCTOR = "instructor"
ASSISTANT = "assistant"
STUDENT = "student"
GUEST = "guest"
STAFF_ROLES = frozenset({INSTRUCTOR, ASSISTANT})

_CONTEXT_ROLE_RANK = {
    "Administrator": INSTRUCTOR,
    "Instructor": INSTRUCTOR,
    "ContentDeveloper": INSTRUCTOR,
    "TeachingAssistant": ASSISTANT,
    "Learner": STUDENT,
}
_PRECEDENCE = (INSTRUCTOR, ASSISTANT, STUDENT)
_ASSISTANT_SUB_ROLES = ("TeachingAssistant", "Grader")


def context_role_name(role: str) -> str | None:
    """Return the context role a claim value names, or None for institution/system roles.

    Accepts full URIs (``membership#Instructor``), sub-roles
    (``membership/Instructor#TeachingAssistant``), short forms (``Instructor``) and
    LTI 1.1 URNs (``urn:lti:role:ims/lis/Instructor``).
    """
    if role.startswith(MEMBERSHIP + "#"):
        return role.removeprefix(MEMBERSHIP + "#")
    if role.startswith(MEMBERSHIP + "/"):
        principal, _, sub = role.removeprefix(MEMBERSHIP + "/").partition("#")
        return _sub_role_name(principal, sub)
    if role.startswith(LEGACY):
        principal, _, sub = role.removeprefix(LEGACY).partition("/")
        return _sub_role_name(principal, sub)
    if "/" in role or ":" in role:
        return None
    return role


def _sub_role_name(principal: str, sub: str) -> str:
    """A sub-role counts as its principal role, save the assistant ones of Instructor.

    ``Learner#Instructor`` is a learner: reading the fragment alone made it an
    instructor.
    """
    if principal == "Instructor" and sub.startswith(_ASSISTANT_SUB_ROLES):
        return "TeachingAssistant"
    return principal


@dataclass(frozen=True)
class RoleDecision:
    """The normalised role and whether the claim's roles were understood."""

    role: str
    recognised: bool


def normalise_roles(roles: Iterable[str]) -> RoleDecision:
    """Decide instructor, assistant, student or guest from the context roles only."""
    found = {
        _CONTEXT_ROLE_RANK[name]
        for role in roles
        if (name := context_role_name(role)) in _CONTEXT_ROLE_RANK
    }
    for role in _PRECEDENCE:
        if role in found:
            return RoleDecision(role, True)
    return RoleDecision(GUEST, False)


# LMS administrators (Moodle's site admin sends both), whatever their course role.
ADMIN_ROLES = frozenset(
    {
        "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
    }
)


def is_platform_admin(roles: Iterable[str]) -> bool:
    """Whether the launch names a system or institution administrator."""
    return any(role in ADMIN_ROLES for role in roles)
