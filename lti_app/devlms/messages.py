"""The messages Moodle 4.5 sends, built field for field (shared/lti/MOODLE.md).

The AGS and NRPS claims are added by ``roster.service_claims`` (they need the
database); no basic-outcome claim: LTI 1.1 outcomes are not offered.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from lti_app.devlms.models import (
    EDITING_TEACHER,
    WINDOW,
    DevActivity,
    DevCourse,
    DevDeepLinkRequest,
    DevLaunchHint,
    DevPerson,
    DevSite,
    DevTool,
)

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTITUTION_ADMIN = (
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"
)
SYSTEM_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"
PRODUCT = "cartable-devlms"
VERSION = "2024100706"  # a build number, like Moodle's
LIFETIME = 60  # Moodle: exp = iat + 60
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
_CONTAINER_CODES = {"embed": "3", WINDOW: "4"}  # Moodle's launch_container values


@dataclass(frozen=True)
class Launcher:
    """Who launches: the person and their course role (None for a site admin only)."""

    person: DevPerson
    role: str | None


def login_initiation(
    site: DevSite, activity: DevActivity, person: DevPerson, launch_id: str
) -> dict[str, str]:
    """Moodle's ``lti_build_login_request``: six fields, POSTed to the login URL."""
    tool = activity.tool
    hint = json.dumps(
        {"cmid": activity.id, "launchid": launch_id}, separators=(",", ":")
    )
    return {
        "iss": site.issuer,
        "target_link_uri": activity.target_link_uri or tool.target_link_uri,
        "login_hint": str(person.id),
        "lti_message_hint": hint,
        "client_id": tool.client_id,
        "lti_deployment_id": str(tool.id),
    }


def lti_roles(launcher: Launcher) -> list[str]:
    """Full role URIs: Instructor for editing teachers and admins, else Learner.

    A non-editing teacher lacks ``mod/lti:manage`` and is sent as Learner; a site
    admin gets both administrator roles around Instructor, as observed.
    """
    teaches = launcher.role == EDITING_TEACHER or launcher.person.site_admin
    roles = [MEMBERSHIP + ("Instructor" if teaches else "Learner")]
    if launcher.person.site_admin:
        roles = [INSTITUTION_ADMIN, *roles, SYSTEM_ADMIN]
    return roles


def _substitute(
    values: dict[str, str], course: DevCourse, person: DevPerson, link_id: str
) -> dict[str, str]:
    variables = {
        "$User.username": person.username,
        "$Person.sourcedId": person.idnumber,
        "$Context.label": course.label,
        "$Context.title": course.title,
        "$ResourceLink.id": link_id,
    }
    return {key: variables.get(value, value) for key, value in values.items()}


def custom_claim(activity: DevActivity, person: DevPerson) -> dict[str, str]:
    """The activity's custom parameters, then the tool type's, which win (Moodle)."""
    merged = {**activity.custom, **activity.tool.custom}
    return _substitute(merged, activity.course, person, str(activity.id))


def return_url(site: DevSite, activity: DevActivity, document_target: str) -> str:
    """Moodle's ``mod/lti/return.php`` link."""
    query = {
        "course": activity.course_id,
        "launch_container": _CONTAINER_CODES[
            WINDOW if document_target == WINDOW else "embed"
        ],
        "instanceid": activity.id,
    }
    return f"{site.issuer}/return?{urlencode(query)}"


def _identity(launcher: Launcher, send_name: bool, send_email: bool) -> dict[str, str]:
    person = launcher.person
    claims: dict[str, str] = {}
    if send_name:
        claims.update(
            name=person.full_name,
            given_name=person.given_name,
            family_name=person.family_name,
        )
    if send_email:
        claims["email"] = person.email
    return claims


def _common_claims(
    site: DevSite,
    tool: DevTool,
    course: DevCourse,
    launcher: Launcher,
    nonce: str,
    now: int | None,
) -> dict[str, object]:
    """What every Moodle 4.5 launch message carries, whatever its type."""
    person = launcher.person
    issued = int(time.time()) if now is None else now
    return {
        "nonce": nonce,
        "iat": issued,
        "exp": issued + LIFETIME,
        "iss": site.issuer,
        "aud": tool.client_id,
        LTI + "deployment_id": str(tool.id),
        "sub": str(person.id),
        LTI + "lis": {
            "course_section_sourcedid": course.idnumber,
            "person_sourcedid": person.idnumber,
        },
        LTI + "roles": lti_roles(launcher),
        LTI + "context": {
            "id": str(course.id),
            "label": course.label,
            "title": course.title,
            "type": ["CourseSection"],
        },
        LTI + "ext": {"lms": "moodle-2", "user_username": person.username},
        LTI + "tool_platform": {
            "guid": hashlib.md5(
                site.issuer.encode(), usedforsecurity=False
            ).hexdigest(),
            "name": site.name,
            "product_family_code": PRODUCT,
            "version": VERSION,
        },
        LTI + "version": "1.3.0",
        **_identity(launcher, tool.send_name, tool.send_email),
    }


def id_token_claims(
    site: DevSite,
    hint: DevLaunchHint,
    launcher: Launcher,
    nonce: str,
    now: int | None = None,
) -> dict[str, object]:
    """An ``LtiResourceLinkRequest`` exactly shaped like Moodle 4.5's."""
    activity: DevActivity = hint.activity
    tool, person = activity.tool, launcher.person
    return {
        **_common_claims(site, tool, activity.course, launcher, nonce, now),
        LTI + "target_link_uri": activity.target_link_uri or tool.target_link_uri,
        LTI + "message_type": "LtiResourceLinkRequest",
        LTI + "resource_link": {"id": str(activity.id), "title": activity.name},
        LTI + "launch_presentation": {
            "document_target": hint.document_target,
            "locale": person.locale,
            "return_url": return_url(site, activity, hint.document_target),
        },
        LTI + "custom": custom_claim(activity, person),
    }


def deep_link_return_url(site: DevSite, request: DevDeepLinkRequest) -> str:
    """Moodle's ``contentitem_return.php``: the JWT alone authenticates the POST."""
    query = urlencode({"id": request.tool_id})
    return f"{site.issuer}/course/{request.course_id}/deep-link/return?{query}"


def deep_linking_claims(
    site: DevSite,
    request: DevDeepLinkRequest,
    launcher: Launcher,
    nonce: str,
    now: int | None = None,
) -> dict[str, object]:
    """An ``LtiDeepLinkingRequest`` like Moodle's: no resource link, locale only."""
    tool, course, person = request.tool, request.course, launcher.person
    settings = {
        "deep_link_return_url": deep_link_return_url(site, request),
        "accept_types": ["ltiResourceLink"],
        "accept_presentation_document_targets": ["frame", "iframe", "window"],
        "accept_copy_advice": False,
        "accept_multiple": True,
        "accept_unsigned": False,
        "auto_create": False,
        "can_confirm": False,
        "title": tool.name,
        "text": "",
        "data": request.data,
    }
    return {
        **_common_claims(site, tool, course, launcher, nonce, now),
        LTI + "target_link_uri": tool.target_link_uri,
        LTI + "message_type": "LtiDeepLinkingRequest",
        LTI + "launch_presentation": {"locale": person.locale},
        LTI + "custom": _substitute(dict(tool.custom), course, person, ""),
        DL + "deep_linking_settings": settings,
    }
