"""Assignments, per-student extensions, submissions, their versions and files.

Every table carries ``course_id`` so that each query can filter by course. Dates
are naive UTC (``lti.clock``); the course's time zone only decides how they are
entered and shown.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_app.extensions import db
from lti_app.lti.clock import utcnow

KINDS = ("pdf", "pptx", "odp")
DEFAULT_KINDS = list(KINDS)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SUBMISSION_STATUSES = ("draft", "submitted")


class Assignment(db.Model):  # type: ignore[name-defined,misc]
    """What students hand in, by when, in which form, for how many points."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("course_id", "slug"),
        CheckConstraint("max_bytes > 0", name="assignment_max_bytes"),
        CheckConstraint("max_files > 0", name="assignment_max_files"),
        CheckConstraint("attempts_allowed >= 0", name="assignment_attempts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(255))
    # Stable across a course copy: deep links name the slug, not the id.
    slug: Mapped[str] = mapped_column(String(120))
    instructions: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime | None] = mapped_column(default=None)
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    cutoff_at: Mapped[datetime | None] = mapped_column(default=None)
    accepted_kinds: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_KINDS)
    )
    max_bytes: Mapped[int] = mapped_column(default=DEFAULT_MAX_BYTES)
    max_files: Mapped[int] = mapped_column(default=1)
    # 0 = as many submitted versions as the student wants until the cut-off.
    attempts_allowed: Mapped[int] = mapped_column(default=0)
    points: Mapped[float] = mapped_column(default=20.0)
    require_submit: Mapped[bool] = mapped_column(default=False)
    blind_marking: Mapped[bool] = mapped_column(default=False)
    # 1 for "one slide": the page or slide count is shown, with a warning otherwise.
    expected_pages: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)


class Extension(db.Model):  # type: ignore[name-defined,misc]
    """A later due date (and cut-off) for one student."""

    __tablename__ = "assignment_extensions"
    __table_args__ = (UniqueConstraint("assignment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column()
    granted_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Submission(db.Model):  # type: ignore[name-defined,misc]
    """One student's work on one assignment; its content lives in versions."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("assignment_id", "user_id"),
        Index("ix_submissions_course_assignment", "course_id", "assignment_id"),
        CheckConstraint("status IN ('draft', 'submitted')", name="submission_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    # The version that counts (the latest one); 0 before the first upload.
    current_version: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    late: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SubmissionVersion(db.Model):  # type: ignore[name-defined,misc]
    """One upload of files; a replacement adds a version, earlier ones are kept."""

    __tablename__ = "submission_versions"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None while a draft (when the assignment asks for a "submit" click).
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    late: Mapped[bool] = mapped_column(default=False)
    files: Mapped[list[SubmissionFile]] = relationship(
        order_by="SubmissionFile.position", lazy="selectin"
    )


class SubmissionFile(db.Model):  # type: ignore[name-defined,misc]
    """A stored file of a version: what the student sent, proven by content."""

    __tablename__ = "submission_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("submission_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    # The sent name made safe for display and headers; never a path on disk.
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    content_type: Mapped[str] = mapped_column(String(100))
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    pages: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
