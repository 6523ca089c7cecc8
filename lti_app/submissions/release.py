"""Releasing grades: students see them, and each goes to the LMS gradebook.

The LMS part belongs to another feature (AGS, through the outbox): this package
never imports it. ``create_app`` registers a :class:`GradePublisher` whose
``publish`` is called once per released grade inside the release's transaction
(it enqueues, it does not send), so that a grade is released and queued for the
LMS together or not at all. Without a publisher the release is local only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import select

from lti_app.course.models import Membership
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.submissions.grade_models import Grade, GradeRelease
from lti_app.submissions.grading import identities_hidden
from lti_app.submissions.grading_errors import (
    BlindReleaseError,
    NothingToReleaseError,
)
from lti_app.submissions.guide_summary import lms_comment
from lti_app.submissions.models import Assignment
from lti_app.submissions.targets import PREFIX, TAG

EXTENSION = "cartable_grade_publisher"


@dataclass(frozen=True)
class GradeToSend:
    """One released grade, in plain values, for the LMS side."""

    course_id: int
    membership_id: int
    # The line item of the assignment: tag and resource id name it in the LMS.
    resource_id: str
    tag: str
    label: str
    score_given: float
    score_maximum: float
    comment: str
    # The LMS link the assignment is launched from, when the releasing launch came
    # through it (lets the LMS side use that launch's own line item).
    resource_link_id: str | None = None


@dataclass(frozen=True)
class LmsState:
    """Where one grade is on its way to the LMS: waiting, sent or failed (why)."""

    status: str
    reason: str | None = None
    sync_id: int | None = None
    # The LMS's gradebook was read back and holds what was sent.
    confirmed: bool = False


@dataclass(frozen=True)
class GradePublisher:
    """What the gradebook feature offers: publish, read states, resend."""

    publish: Callable[[GradeToSend], None]
    # (course_id, resource_id) -> {membership_id: state}
    states: Callable[[int, str], dict[int, LmsState]] = field(
        default=lambda course_id, resource_id: {}
    )
    # (course_id, sync_id) -> whether that grade exists and goes out again
    resend: Callable[[int, int], bool] | None = None
    # (course_id, resource_link_id) -> whether a launch brought a grade service
    can_send: Callable[[int, str | None], bool] | None = None


def register_publisher(app: Flask, publisher: GradePublisher) -> None:
    """Wire the LMS side (called by ``create_app``)."""
    app.extensions[EXTENSION] = publisher


def find_publisher() -> GradePublisher | None:
    """The registered LMS side, or None when grades stay in Cartable."""
    publisher: GradePublisher | None = current_app.extensions.get(EXTENSION)
    return publisher


def resource_id(assignment: Assignment) -> str:
    """The stable id of the assignment's gradebook column (survives a course copy),
    as its deep-linked line item declares it."""
    return f"{PREFIX}:{assignment.slug}"


def _queue(assignment: Assignment, user_ids: list[int] | None) -> list[Grade]:
    query = select(Grade).where(
        Grade.assignment_id == assignment.id,
        Grade.course_id == assignment.course_id,
        Grade.score.is_not(None),
        Grade.released_at.is_(None),
    )
    if user_ids is not None:
        query = query.where(Grade.user_id.in_(user_ids))
    return list(db.session.scalars(query.order_by(Grade.id)))


def release(assignment: Assignment, actor_id: int, user_ids: list[int] | None = None,
            resource_link_id: str | None = None) -> list[Grade]:  # fmt: skip
    """Release the queued grades (all, or those students'); one transaction.

    With blind marking and names still hidden, only the whole queue can be
    released: grades and identities are shown together.
    """
    hidden = identities_hidden(assignment)
    if hidden and user_ids is not None:
        raise BlindReleaseError()
    grades = _queue(assignment, user_ids)
    if not grades:
        raise NothingToReleaseError()
    now = utcnow()
    for grade in grades:
        grade.released_at = now
    db.session.add(GradeRelease(course_id=assignment.course_id,
                                assignment_id=assignment.id, released_by=actor_id,
                                released_at=now, count=len(grades),
                                revealed_identities=assignment.blind_marking))  # fmt: skip
    _publish(assignment, grades, resource_link_id)
    db.session.commit()
    return grades


def _publish(
    assignment: Assignment, grades: list[Grade], resource_link_id: str | None
) -> None:
    publisher = find_publisher()
    if publisher is None:
        return
    memberships = dict(
        db.session.execute(
            select(Membership.user_id, Membership.id).where(
                Membership.course_id == assignment.course_id,
                Membership.user_id.in_([g.user_id for g in grades]),
            )
        ).all()
    )
    for grade in grades:
        membership_id = memberships.get(grade.user_id)
        if membership_id is None or grade.score is None:
            continue
        publisher.publish(
            GradeToSend(
                course_id=assignment.course_id,
                membership_id=membership_id,
                resource_id=resource_id(assignment),
                tag=TAG,
                label=assignment.title,
                score_given=grade.score,
                score_maximum=assignment.points,
                comment=lms_comment(assignment, grade),
                resource_link_id=resource_link_id,
            )
        )


def can_send(assignment: Assignment, resource_link_id: str | None) -> bool:
    """Whether released grades can reach the LMS (else: the CSV export)."""
    publisher = find_publisher()
    if publisher is None:
        return False
    if publisher.can_send is None:
        return True
    return publisher.can_send(assignment.course_id, resource_link_id)


def lms_states(assignment: Assignment) -> dict[int, LmsState]:
    """Each released grade's LMS state by membership id (empty without the LMS)."""
    publisher = find_publisher()
    if publisher is None:
        return {}
    return publisher.states(assignment.course_id, resource_id(assignment))


def resend(assignment: Assignment, sync_id: int) -> bool:
    """Send a grade again; False when no LMS side is wired or no such grade."""
    publisher = find_publisher()
    if publisher is None or publisher.resend is None:
        return False
    return publisher.resend(assignment.course_id, sync_id)
