"""Marking guides: an assignment's criteria, the scores given on each, a comment bank.

A criterion belongs to an assignment (and its course); its optional levels make it
a rubric row. Criterion scores hang on a grade, so they are held, released and
sent with it; a grade deleted takes its criterion scores along.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from lti_app.extensions import db
from lti_app.lti.clock import utcnow


class Criterion(db.Model):  # type: ignore[name-defined,misc]
    """One row of the grid: what is judged, for how many points."""

    __tablename__ = "assignment_criteria"
    __table_args__ = (
        Index("ix_assignment_criteria_course_assignment", "course_id", "assignment_id"),
        CheckConstraint("max_points > 0", name="criterion_max_points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    # Shown to students on the assignment page, before they send.
    student_text: Mapped[str] = mapped_column(Text, default="")
    # Only markers see it (what to look for, traps).
    marker_text: Mapped[str] = mapped_column(Text, default="")
    max_points: Mapped[float] = mapped_column()
    # [{"title": str, "points": float, "description": str}], best first; empty
    # for a criterion scored with a number.
    levels: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class CriterionScore(db.Model):  # type: ignore[name-defined,misc]
    """The score and comment one grade gives on one criterion."""

    __tablename__ = "assignment_criterion_scores"
    __table_args__ = (UniqueConstraint("grade_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    grade_id: Mapped[int] = mapped_column(
        ForeignKey("assignment_grades.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("assignment_criteria.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float | None] = mapped_column(default=None)
    # Plain text, shown with its line breaks, never as HTML.
    comment: Mapped[str] = mapped_column(Text, default="")


class BankComment(db.Model):  # type: ignore[name-defined,misc]
    """A comment a marker wrote on a criterion, offered again for the next student."""

    __tablename__ = "assignment_comment_bank"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("assignment_criteria.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    uses: Mapped[int] = mapped_column(default=1)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow)
