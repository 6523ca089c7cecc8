"""Grades of assignments and the releases that show them to students.

A grade belongs to (assignment, student), not to a submission: a student who sent
nothing can still be given a mark. It stays in the release queue until staff
release it; with blind marking one release shows the grades and the identities
together.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lti_app.extensions import db
from lti_app.lti.clock import utcnow


class Grade(db.Model):  # type: ignore[name-defined,misc]
    """One student's score and feedback on one assignment."""

    __tablename__ = "assignment_grades"
    __table_args__ = (
        UniqueConstraint("assignment_id", "user_id"),
        Index("ix_assignment_grades_course_assignment", "course_id", "assignment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    score: Mapped[float | None] = mapped_column(default=None)
    # Markdown as typed; rendered through the sanitiser, never stored as HTML.
    feedback: Mapped[str] = mapped_column(Text, default="")
    feedback_key: Mapped[str | None] = mapped_column(String(200), default=None)
    feedback_filename: Mapped[str | None] = mapped_column(String(255), default=None)
    feedback_size: Mapped[int | None] = mapped_column(default=None)
    feedback_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    feedback_kind: Mapped[str | None] = mapped_column(String(10), default=None)
    graded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    graded_at: Mapped[datetime | None] = mapped_column(default=None)
    # None: waiting in the release queue (students see nothing).
    released_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def is_graded(self) -> bool:
        """A score was given."""
        return self.score is not None

    @property
    def is_released(self) -> bool:
        """Students (and the LMS) see it."""
        return self.released_at is not None


class GradeRelease(db.Model):  # type: ignore[name-defined,misc]
    """One release action; with blind marking the first one reveals identities."""

    __tablename__ = "assignment_grade_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    released_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    released_at: Mapped[datetime] = mapped_column(default=utcnow)
    count: Mapped[int] = mapped_column(default=0)
    revealed_identities: Mapped[bool] = mapped_column(default=False)
