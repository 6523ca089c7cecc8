"""Publish grades to the LMS: called by the submissions feature, sent by the worker.

``publish_grade`` writes the sync record and its outbox message in the caller's
transaction: the caller's commit makes both durable, or neither. Publishing the
same grade again changes nothing; a new grade is a new revision, and only the
newest revision is ever sent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lti_app.course.endpoints import find_course_endpoint, find_link_endpoint
from lti_app.course.models import Membership
from lti_app.course.roster import (
    RosterMember,
    RosterUnavailableError,
    list_roster,
    refresh_roster,
)
from lti_app.course.service import get_membership
from lti_app.extensions import db
from lti_app.gradebook import reasons
from lti_app.gradebook.models import FAILED, SENT, WAITING, GradeLineItem, GradeSync
from lti_app.lti.ags import SCOPE_SCORE, LineItemSpec
from lti_app.lti.claims import STUDENT
from lti_app.outbox import service as outbox

KIND = "ags.score"

__all__ = [
    "KIND",
    "GradeState",
    "GradebookError",
    "LineItemSpec",
    "RosterMember",
    "RosterUnavailableError",
    "can_send_grades",
    "find_resource_id",
    "list_grade_states",
    "list_roster",
    "publish_grade",
    "refresh_roster",
    "resend",
]


class GradebookError(ValueError):
    """A grade that cannot be published; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class GradeState:
    """Where one student's grade stands, for the grading table."""

    sync_id: int
    membership_id: int
    state: str  # "waiting", "sent" or "failed"
    score_given: float
    score_maximum: float
    comment: str
    reason_code: str | None
    reason: str | None  # the LMS's own words, when it gave some
    attempts: int
    sent_at: datetime | None
    lms_score: float | None  # what the LMS gradebook holds, read back
    lms_maximum: float | None

    @property
    def reason_label(self) -> str:
        """The reason as a sentence in the reader's language."""
        return reasons.label(self.reason_code)

    @property
    def confirmed(self) -> bool:
        """The read-back matches what we sent (the LMS scales to its maximum)."""
        if self.lms_score is None or not self.lms_maximum or not self.score_maximum:
            return False
        ours = self.score_given / self.score_maximum
        return math.isclose(self.lms_score / self.lms_maximum, ours, abs_tol=1e-6)


def _line_item(course_id: int, spec: LineItemSpec) -> GradeLineItem:
    item = db.session.scalar(
        select(GradeLineItem).where(
            GradeLineItem.course_id == course_id,
            GradeLineItem.resource_id == spec.resource_id,
        )
    )
    if item is None:
        item = GradeLineItem(course_id=course_id, resource_id=spec.resource_id)
        db.session.add(item)
    item.label = spec.label[:255]
    item.score_maximum = spec.score_maximum
    item.tag = spec.tag
    item.resource_link_id = spec.resource_link_id or item.resource_link_id
    return item


def _check(membership: Membership | None, score: float, maximum: float) -> Membership:
    if membership is None:
        raise GradebookError("unknown-member")
    if membership.lti_role != STUDENT:
        raise GradebookError("not-a-student")  # Moodle answers 400 for staff
    if not (math.isfinite(score) and math.isfinite(maximum)):
        raise GradebookError("bad-score")
    if maximum <= 0 or score < 0:
        raise GradebookError("bad-score")
    return membership


def _enqueue(sync: GradeSync, *, resend: int = 0) -> None:
    key = f"{KIND}:{sync.id}:{sync.revision}" + (f":resend{resend}" if resend else "")
    message = outbox.enqueue(
        KIND,
        {"sync_id": sync.id, "revision": sync.revision, "resend": resend},
        dedupe_key=key,
        course_id=sync.course_id,
    )
    sync.message_id = message.id


def _find_sync(line_item_id: int, membership_id: int) -> GradeSync | None:
    return db.session.scalar(
        select(GradeSync).where(
            GradeSync.line_item_id == line_item_id,
            GradeSync.membership_id == membership_id,
        )
    )


def _values(sync: GradeSync) -> tuple[float, float, str]:
    return sync.score_given, sync.score_maximum, sync.comment


def publish_grade(
    *,
    course_id: int,
    membership_id: int,
    item: LineItemSpec,
    score_given: float,
    score_maximum: float,
    comment: str,
) -> GradeSync:
    """Queue this grade for the LMS in the caller's transaction (no commit here)."""
    membership = _check(
        get_membership(course_id, membership_id), score_given, score_maximum
    )
    line_item = _line_item(course_id, item)
    db.session.flush()
    sync = _find_sync(line_item.id, membership.id)
    values = (float(score_given), float(score_maximum), comment or "")
    if sync is None:
        sync = GradeSync(
            course_id=course_id,
            line_item_id=line_item.id,
            membership_id=membership.id,
            revision=1,
        )
        db.session.add(sync)
    elif sync.state != FAILED and values == _values(sync):
        return sync  # the same grade again: nothing new to send
    else:
        sync.revision += 1
    sync.score_given, sync.score_maximum, sync.comment = values
    sync.state, sync.reason_code, sync.reason = WAITING, None, None
    db.session.flush()
    _enqueue(sync)
    return sync


def can_send_grades(course_id: int, resource_link_id: str | None = None) -> bool:
    """Whether a launch brought an AGS endpoint allowing scores (for this link, or
    the course): without one the grading page says so and offers the CSV export."""
    row = find_link_endpoint(course_id, resource_link_id) if resource_link_id else None
    if row is None or not (row.lineitem_url or row.lineitems_url):
        row = find_course_endpoint(course_id)
    return row is not None and SCOPE_SCORE in (row.ags_scopes or ())


def find_resource_id(course_id: int, lineitem_url: str) -> str | None:
    """Our ``resource_id`` of an LMS line item (a submission review launch names
    the line item); None until a grade was sent to it."""
    return db.session.scalar(
        select(GradeLineItem.resource_id).where(
            GradeLineItem.course_id == course_id,
            GradeLineItem.lms_url == lineitem_url,
        )
    )


def list_grade_states(course_id: int, resource_id: str) -> dict[int, GradeState]:
    """Each student's grade state in this column, by membership id."""
    rows = list(
        db.session.scalars(
            select(GradeSync)
            .join(GradeLineItem)
            .where(
                GradeSync.course_id == course_id,
                GradeLineItem.resource_id == resource_id,
            )
        )
    )
    messages = outbox.list_messages(r.message_id for r in rows if r.message_id)
    states = {}
    for row in rows:
        message = messages.get(row.message_id or 0)
        state = row.state
        if state == WAITING and message is not None and message.status == "failed":
            state = FAILED  # retries exhausted
        states[row.membership_id] = GradeState(
            sync_id=row.id,
            membership_id=row.membership_id,
            state=state,
            score_given=row.score_given,
            score_maximum=row.score_maximum,
            comment=row.comment,
            reason_code=row.reason_code,
            reason=row.reason or (message.last_error if message else None),
            attempts=message.attempts if message else 0,
            sent_at=row.sent_at,
            lms_score=row.lms_score,
            lms_maximum=row.lms_maximum,
        )
    return states


def resend(course_id: int, sync_id: int) -> GradeSync | None:
    """Send the current grade again (a failed one, or to restore the LMS's copy).

    The same score goes out: a resend never changes the result. Commits.
    """
    sync = db.session.get(GradeSync, sync_id)
    if sync is None or sync.course_id != course_id:
        return None
    message = outbox.list_messages([sync.message_id]).get(sync.message_id or 0)
    if message is not None and message.status == "failed":
        outbox.resend(message.id, course_id)
    elif sync.state in {SENT, FAILED}:
        sync.resends += 1
        _enqueue(sync, resend=sync.resends)
    else:
        return sync  # already on its way
    sync.state, sync.reason_code, sync.reason = WAITING, None, None
    db.session.commit()
    return sync
