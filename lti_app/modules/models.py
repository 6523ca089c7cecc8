"""Modules of a course, their earlier versions, cached renderings and read marks.

Every table carries ``course_id`` so that each query can filter by course.
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

STATUSES = ("draft", "published")


class Module(db.Model):  # type: ignore[name-defined,misc]
    """A page of the course written in Markdown, with citations."""

    __tablename__ = "course_modules"
    __table_args__ = (
        UniqueConstraint("course_id", "slug"),
        Index("ix_course_modules_course_position", "course_id", "position"),
        CheckConstraint("status IN ('draft', 'published')", name="module_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    available_from: Mapped[datetime | None] = mapped_column(default=None)
    available_until: Mapped[datetime | None] = mapped_column(default=None)
    # Bumped at each save of the text; a save must name the revision it started from.
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_published(self) -> bool:
        """Visible to students (within its availability dates)."""
        return self.status == "published"

    def is_available(self, now: datetime) -> bool:
        """Published, not in the bin, and inside its availability window."""
        return is_available(self, now)


def is_available(module: Any, now: datetime) -> bool:
    """Published, not in the bin, and inside its availability window.

    Takes a :class:`Module` or a row of its columns (lists load only those).
    """
    return bool(
        module.status == "published"
        and module.deleted_at is None
        and (module.available_from is None or module.available_from <= now)
        and (module.available_until is None or now < module.available_until)
    )


class ModuleRevision(db.Model):  # type: ignore[name-defined,misc]
    """The text a module had before a save: who wrote it, and when."""

    __tablename__ = "module_revisions"
    __table_args__ = (UniqueConstraint("module_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(
        ForeignKey("course_modules.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModuleRender(db.Model):  # type: ignore[name-defined,misc]
    """A module revision rendered for a locale under a style-and-references stamp."""

    __tablename__ = "module_renders"
    __table_args__ = (UniqueConstraint("module_id", "revision", "locale", "stamp"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(
        ForeignKey("course_modules.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column()
    locale: Mapped[str] = mapped_column(String(16))
    stamp: Mapped[str] = mapped_column(String(40))
    # All three are the sanitiser's output; student_html drops unknown-key warnings.
    html: Mapped[str] = mapped_column(Text)
    student_html: Mapped[str] = mapped_column(Text)
    bibliography_html: Mapped[str] = mapped_column(Text, default="")
    toc: Mapped[list[Any]] = mapped_column(JSON)
    unknown: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModuleProgress(db.Model):  # type: ignore[name-defined,misc]
    """When a student first opened a module, and whether they marked it read."""

    __tablename__ = "module_progress"
    __table_args__ = (
        UniqueConstraint("module_id", "user_id"),
        Index("ix_module_progress_course_user", "course_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(
        ForeignKey("course_modules.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(default=None)


class ModuleDraft(db.Model):  # type: ignore[name-defined,misc]
    """Unsaved editor text, kept per person and per module (``slot`` "new" or id)."""

    __tablename__ = "module_drafts"
    __table_args__ = (UniqueConstraint("course_id", "author_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    module_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_modules.id", ondelete="CASCADE"), default=None
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(255), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    base_revision: Mapped[int | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModuleAttachment(db.Model):  # type: ignore[name-defined,misc]
    """An image or PDF of a module, stored on disk under a random name."""

    __tablename__ = "module_attachments"
    __table_args__ = (
        Index("ix_module_attachments_course_module", "course_id", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(
        ForeignKey("course_modules.id", ondelete="CASCADE")
    )
    # The name the person gave, shown and sent back sanitised; never used on disk.
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column()
    # Hex SHA-256 as written; None for files stored before hashes were recorded.
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    uploaded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
