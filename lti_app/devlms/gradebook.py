"""The LMS side of AGS, as Moodle 4.5's ``gradebookservices`` behaves.

Line item URLs carry ``?type_id=``; ``lineitems`` lists every item of the tool in
the course whatever the filters; a score needs a timestamp newer than the stored
one at one-second resolution (else 409 ``[]``) and a gradable user, a student of
the course (else 400); any gradingProgress but FullyGraded clears the grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from lti_app.devlms import keys
from lti_app.devlms.grades_models import DevGrade, DevLineItem
from lti_app.devlms.models import STUDENT, DevActivity, DevEnrolment, DevTool
from lti_app.extensions import db

AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
AGS_SCOPES = tuple(
    AGS + name for name in ("lineitem", "lineitem.readonly", "result.readonly", "score")
)
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
REQUIRED = ("userId", "timestamp", "activityProgress", "gradingProgress")
INCORRECT = "Incorrect score received"


@dataclass(frozen=True)
class Answer:
    """A status and a JSON body (None: empty), plus extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] | None = None


def lineitems_url(course_id: int, tool: DevTool) -> str:
    """The container URL, with Moodle's ``type_id`` query."""
    base = keys.get_site().issuer
    return f"{base}/services/{course_id}/lineitems?type_id={tool.id}"


def lineitem_url(item: DevLineItem) -> str:
    """An item's URL: ``…/lineitems/<id>/lineitem?type_id=<tool>``."""
    base = keys.get_site().issuer
    path = f"/services/{item.course_id}/lineitems/{item.id}/lineitem"
    return f"{base}{path}?type_id={item.tool_id}"


def as_json(item: DevLineItem) -> dict[str, Any]:
    """A line item as Moodle serialises it."""
    data: dict[str, Any] = {
        "id": lineitem_url(item),
        "label": item.label,
        "scoreMaximum": item.score_maximum,
        "resourceId": item.resource_id,
        "tag": item.tag,
    }
    if item.activity_id is not None:
        data["resourceLinkId"] = data["ltiLinkId"] = str(item.activity_id)
    if item.submission_review:
        data["submissionReview"] = item.submission_review
    return data


def find_item(course_id: int, item_id: int, tool_id: int) -> DevLineItem | None:
    """An item of this course and tool only."""
    item = db.session.get(DevLineItem, item_id)
    if item is None or (item.course_id, item.tool_id) != (course_id, tool_id):
        return None
    return item


def activity_item(activity_id: int) -> DevLineItem | None:
    """The activity's own column, if it has one."""
    return db.session.scalar(
        select(DevLineItem).where(DevLineItem.activity_id == activity_id)
    )


def list_items(course_id: int, tool: DevTool, limit: int, start: int) -> Answer:
    """Every item of the tool in the course (filters ignored, as Moodle), paged."""
    rows = db.session.scalars(
        select(DevLineItem)
        .where(DevLineItem.course_id == course_id, DevLineItem.tool_id == tool.id)
        .order_by(DevLineItem.id)
    ).all()
    page = rows[start : start + limit] if limit else rows
    headers = {}
    if limit and start + limit < len(rows):
        query = urlencode({"limit": limit, "from": start + limit})
        headers["Link"] = f'<{lineitems_url(course_id, tool)}&{query}>; rel="next"'
    return Answer(200, [as_json(item) for item in page], headers)


def create_item(course_id: int, tool: DevTool, body: Any) -> Answer:
    """A new column; ``resourceLinkId`` ties it to an activity of the course."""
    if not isinstance(body, dict) or not body.get("label"):
        return Answer(400, {"error": "label required"})
    try:
        maximum = float(body.get("scoreMaximum") or 0)
    except (TypeError, ValueError):
        maximum = 0
    if maximum <= 0:
        return Answer(400, {"error": "scoreMaximum must be positive"})
    link = str(body.get("resourceLinkId") or "")
    review = body.get("submissionReview")
    item = DevLineItem(
        course_id=course_id,
        tool_id=tool.id,
        activity_id=int(link) if link.isdigit() else None,
        label=str(body["label"])[:255],
        score_maximum=maximum,
        resource_id=str(body.get("resourceId") or "")[:255],
        tag=str(body.get("tag") or "")[:255],
        submission_review=review if isinstance(review, dict) else None,
    )
    db.session.add(item)
    db.session.commit()
    return Answer(201, as_json(item))


def add_activity_column(activity: DevActivity, line_item: Any) -> DevLineItem | None:
    """A deep-linked item's ``lineItem`` becomes the activity's column (Moodle)."""
    if not isinstance(line_item, dict):
        return None
    try:
        maximum = float(line_item.get("scoreMaximum") or 0)
    except (TypeError, ValueError):
        return None
    if maximum <= 0:
        return None
    item = DevLineItem(
        course_id=activity.course_id,
        tool_id=activity.tool_id,
        activity_id=activity.id,
        label=str(line_item.get("label") or activity.name)[:255],
        score_maximum=maximum,
        resource_id=str(line_item.get("resourceId") or "")[:255],
        tag=str(line_item.get("tag") or "")[:255],
    )
    db.session.add(item)
    return item


def _gradable(course_id: int, user_id: str) -> bool:
    if not user_id.isdigit():
        return False
    enrolment = db.session.scalar(
        select(DevEnrolment).where(
            DevEnrolment.course_id == course_id,
            DevEnrolment.person_id == int(user_id),
        )
    )
    return enrolment is not None and enrolment.role == STUDENT


def _parse(body: Any) -> tuple[str, int, float | None, float] | None:
    """userId, whole-second timestamp, scoreGiven (None unless graded), maximum."""
    if not isinstance(body, dict) or any(body.get(k) in (None, "") for k in REQUIRED):
        return None
    try:
        seconds = int(datetime.fromisoformat(str(body["timestamp"])).timestamp())
        given = body.get("scoreGiven")
        score = float(given) if given is not None else None
        maximum = float(body.get("scoreMaximum") or 1)
    except (TypeError, ValueError):
        return None
    if body["gradingProgress"] != "FullyGraded":
        score = None  # Moodle clears the grade
    return str(body["userId"]), seconds, score, maximum


def post_score(item: DevLineItem, body: Any) -> Answer:
    """Store a score: 400 if malformed or not gradable, 409 if not newer."""
    parsed = _parse(body)
    if parsed is None or not _gradable(item.course_id, parsed[0]):
        return Answer(400, INCORRECT)
    user_id, seconds, score, maximum = parsed
    grade = db.session.scalar(
        select(DevGrade).where(
            DevGrade.line_item_id == item.id, DevGrade.person_id == int(user_id)
        )
    )
    if grade is not None and seconds <= grade.timestamp:
        return Answer(409, [])
    if grade is None:
        grade = DevGrade(line_item_id=item.id, person_id=int(user_id))
        db.session.add(grade)
    grade.timestamp = seconds
    grade.score = None if score is None else score / maximum * item.score_maximum
    grade.comment = str(body.get("comment") or "") or None
    db.session.commit()
    return Answer(200)


def results(item: DevLineItem, user_id: str | None) -> Answer:
    """The graded results of the column, optionally of one user."""
    rows = db.session.scalars(
        select(DevGrade)
        .where(DevGrade.line_item_id == item.id, DevGrade.score.is_not(None))
        .order_by(DevGrade.person_id)
    ).all()
    url = lineitem_url(item)
    return Answer(
        200,
        [
            {
                "id": f"{url}&user_id={grade.person_id}",
                "scoreOf": url,
                "userId": str(grade.person_id),
                "resultScore": grade.score,
                "resultMaximum": item.score_maximum,
                "comment": grade.comment,
            }
            for grade in rows
            if user_id in (None, str(grade.person_id))
        ],
    )


def grade_table(
    course_id: int,
) -> tuple[list[DevLineItem], dict[tuple[int, int], DevGrade]]:
    """The course's columns and its grades by (item id, person id)."""
    items = list(
        db.session.scalars(
            select(DevLineItem)
            .where(DevLineItem.course_id == course_id)
            .order_by(DevLineItem.id)
        )
    )
    grades = db.session.scalars(
        select(DevGrade).where(DevGrade.line_item_id.in_([i.id for i in items]))
    )
    return items, {(g.line_item_id, g.person_id): g for g in grades}
