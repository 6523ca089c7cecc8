"""NRPS memberships (Moodle's ``memberships`` service) and the service claims of
launches: the AGS endpoint and the roster URL every launch carries."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from lti_app.devlms import keys
from lti_app.devlms.gradebook import (
    AGS_SCOPES,
    Answer,
    activity_item,
    lineitem_url,
    lineitems_url,
)
from lti_app.devlms.models import EDITING_TEACHER, DevCourse, DevEnrolment, DevTool
from lti_app.extensions import db

AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"


def memberships_url(course_id: int, tool: DevTool) -> str:
    """Moodle's ``…/CourseSection/<course>/bindings/<type>/memberships``."""
    base = keys.get_site().issuer
    return f"{base}/services/CourseSection/{course_id}/bindings/{tool.id}/memberships"


def service_claims(
    course_id: int, tool: DevTool, activity_id: int | None
) -> dict[str, Any]:
    """The AGS claim (with the activity's own ``lineitem`` when it has a column)
    and the NRPS claim, as Moodle adds them to every launch of a tool with services."""
    ags: dict[str, Any] = {"scope": list(AGS_SCOPES)}
    item = activity_item(activity_id) if activity_id is not None else None
    if item is not None:
        ags["lineitem"] = lineitem_url(item)
    ags["lineitems"] = lineitems_url(course_id, tool)
    return {
        AGS_CLAIM: ags,
        NRPS_CLAIM: {
            "context_memberships_url": memberships_url(course_id, tool),
            "service_versions": ["1.0", "2.0"],
        },
    }


def _member(enrolment: DevEnrolment, tool: DevTool) -> dict[str, Any]:
    person = enrolment.person
    row: dict[str, Any] = {
        "status": "Active",
        "roles": ["Instructor" if enrolment.role == EDITING_TEACHER else "Learner"],
        "user_id": str(person.id),
        "lis_person_sourcedid": person.idnumber,
        "ext_user_username": person.username,
    }
    if tool.send_name:  # Moodle honours the tool's privacy settings here too
        row.update(
            name=person.full_name,
            given_name=person.given_name,
            family_name=person.family_name,
        )
    if tool.send_email:
        row["email"] = person.email
    return row


def memberships(
    course: DevCourse, tool: DevTool, limit: int, start: int, role: str | None
) -> Answer:
    """One page of the course's members, with ``Link: rel="next"`` when more."""
    enrolments = db.session.scalars(
        select(DevEnrolment)
        .where(DevEnrolment.course_id == course.id)
        .order_by(DevEnrolment.person_id)
    ).all()
    rows = [_member(e, tool) for e in enrolments]
    if role:
        short = role.rsplit("#", 1)[-1]
        rows = [r for r in rows if short in r["roles"]]
    page = rows[start : start + limit] if limit else rows
    headers = {}
    if limit and start + limit < len(rows):
        query = urlencode({"limit": limit, "from": start + limit})
        headers["Link"] = f'<{memberships_url(course.id, tool)}?{query}>; rel="next"'
    url = memberships_url(course.id, tool)
    context = {"id": str(course.id), "label": course.label, "title": course.title}
    return Answer(200, {"id": url, "context": context, "members": page}, headers)
