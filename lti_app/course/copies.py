"""Courses copied in the LMS: remember the source, then copy or start empty.

The launch that creates a course notes the Cartable course its links name
(``custom.cartable_course``), on the same platform only. Staff then choose once;
the choice is claimed by a conditional UPDATE, so two clicks never copy twice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import select, update

from lti_app import course_copy
from lti_app.course.models import Course, CourseCopy
from lti_app.course.origin import CUSTOM_KEY, course_of_key
from lti_app.extensions import db
from lti_app.lti.clock import utcnow

log = logging.getLogger(__name__)


class CopyDecidedError(Exception):
    """Someone already copied or declined for this course."""


def note_copy_source(course: Course, custom: Mapping[str, str]) -> CourseCopy | None:
    """For a course just created: add the pending copy its links point to, if any.

    Adds to the session without committing (the launch's transaction does).
    A key naming a course of another platform, or no course, is refused.
    """
    source_id = course_of_key(custom.get(CUSTOM_KEY))
    if source_id is None or source_id == course.id:
        return None
    source = db.session.get(Course, source_id)
    if source is None or source.platform_id != course.platform_id:
        log.info("course copy refused course=%s reason=other-platform", course.id)
        return None
    row = CourseCopy(course_id=course.id, source_course_id=source.id)
    db.session.add(row)
    return row


def find_pending_copy(course_id: int) -> CourseCopy | None:
    """The course's copy still waiting for staff, if any."""
    return db.session.scalar(
        select(CourseCopy).where(
            CourseCopy.course_id == course_id, CourseCopy.status == "pending"
        )
    )


def _claim(row: CourseCopy, status: str, actor_id: int) -> None:
    claimed = db.session.execute(
        update(CourseCopy)
        .where(CourseCopy.id == row.id, CourseCopy.status == "pending")
        .values(status=status, decided_by=actor_id, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise CopyDecidedError()


def copy_from_source(row: CourseCopy, actor_id: int) -> dict[str, int]:
    """Copy every feature's content from the source course: one transaction."""
    source = row.source
    if source is None:
        raise CopyDecidedError()
    try:
        _claim(row, "copied", actor_id)
        counts = course_copy.copy_content(source.id, row.course_id)
        row.copied = counts
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    db.session.refresh(row)
    log.info("course copied course=%s source=%s", row.course_id, source.id)
    return counts


def decline_copy(row: CourseCopy, actor_id: int) -> None:
    """Start the course empty: students may come in."""
    _claim(row, "declined", actor_id)
    db.session.commit()
    db.session.refresh(row)
