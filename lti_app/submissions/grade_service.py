"""Write side of grading: scores and feedback, one student at a time.

A save is one transaction; a released grade that changes goes back to the
release queue (students see nothing until it is released again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.storage import Stored
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.grading_errors import FeedbackTooLongError, ScoreError
from lti_app.submissions.models import Assignment

MAX_FEEDBACK = 20_000


def parse_score(text: str, points: float) -> float | None:
    """A score typed with a comma or a point; empty means "no score yet"."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError as error:
        raise ScoreError(points) from error
    if not (0 <= value <= points):  # also refuses NaN
        raise ScoreError(points)
    return round(value, 2)


def find_grade(assignment: Assignment, user_id: int) -> Grade | None:
    """The grade of one student, released or not."""
    return db.session.scalar(
        select(Grade).where(
            Grade.assignment_id == assignment.id,
            Grade.course_id == assignment.course_id,
            Grade.user_id == user_id,
        )
    )


def _grade_for(assignment: Assignment, user_id: int) -> Grade:
    grade = find_grade(assignment, user_id)
    if grade is None:
        grade = Grade(course_id=assignment.course_id, assignment_id=assignment.id,
                      user_id=user_id, feedback="")  # fmt: skip
        db.session.add(grade)
    return grade


@dataclass(frozen=True)
class FeedbackFile:
    """A stored feedback file with the name and kind it is sent back under."""

    stored: Stored
    filename: str
    kind: str


def save_grade(assignment: Assignment, user_id: int, actor_id: int, *,
               score: float | None, feedback: str,
               file: FeedbackFile | None = None, remove_file: bool = False,
               on_save: Callable[[Grade], None] | None = None,
               ) -> tuple[Grade, list[str]]:  # fmt: skip
    """Record score and feedback; a released grade goes back to the queue.

    ``on_save(grade)`` adds what goes with the grade (criterion scores) in the
    same transaction. Returns the grade and the storage keys no longer pointed to (the caller
    deletes them after the commit, so a failed commit loses no file).
    """
    if len(feedback) > MAX_FEEDBACK:
        raise FeedbackTooLongError(MAX_FEEDBACK)
    grade = _grade_for(assignment, user_id)
    dropped: list[str] = []
    if (file is not None or remove_file) and grade.feedback_key:
        dropped.append(grade.feedback_key)
        _set_file(grade, None)
    if file is not None:
        _set_file(grade, file)
    grade.score, grade.feedback = score, feedback.strip()
    grade.graded_by, grade.graded_at = actor_id, utcnow()
    grade.released_at = None
    if on_save is not None:
        on_save(grade)
    db.session.commit()
    return grade, dropped


def attach_feedback_file(assignment: Assignment, user_id: int,
                         file: FeedbackFile) -> list[str]:  # fmt: skip
    """Add or replace a feedback file only (bulk upload); not committed.

    Like any change, it sends a released grade back to the queue.
    """
    grade = _grade_for(assignment, user_id)
    dropped = [grade.feedback_key] if grade.feedback_key else []
    _set_file(grade, file)
    grade.released_at = None
    return dropped


def _set_file(grade: Grade, file: FeedbackFile | None) -> None:
    grade.feedback_key = file.stored.key if file else None
    grade.feedback_size = file.stored.size if file else None
    grade.feedback_sha256 = file.stored.sha256 if file else None
    grade.feedback_filename = file.filename if file else None
    grade.feedback_kind = file.kind if file else None


def released_grade(assignment: Assignment, user_id: int) -> Grade | None:
    """What a student may see: their grade once released, else None."""
    grade = find_grade(assignment, user_id)
    return grade if grade is not None and grade.is_released else None
