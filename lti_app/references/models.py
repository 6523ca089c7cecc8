"""Stored references of a course, their history, style and reading lists.

Every table carries ``course_id`` so that each query can filter by course, even
those that start from a child row.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from lti_app.course.models import User

IMPORTANCES = ("essential", "recommended", "further")


class Reference(db.Model):  # type: ignore[name-defined,misc]
    """One entry of a course bibliography: as written, its meaning, search columns."""

    __tablename__ = "course_references"
    __table_args__ = (
        UniqueConstraint("course_id", "key_folded"),
        Index("ix_course_references_course_deleted", "course_id", "deleted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    # Keys are unique per course without regard to case, as BibTeX treats them.
    key_folded: Mapped[str] = mapped_column(String(255))
    entry_type: Mapped[str] = mapped_column(String(40))
    bibtex: Mapped[str] = mapped_column(Text)
    meaning: Mapped[dict[str, Any]] = mapped_column(JSON)
    csl: Mapped[dict[str, Any]] = mapped_column(JSON)
    title: Mapped[str] = mapped_column(String(1000), default="")
    first_author: Mapped[str] = mapped_column(String(255), default="")
    year: Mapped[int | None] = mapped_column(default=None, index=True)
    doi: Mapped[str | None] = mapped_column(String(255), default=None, index=True)
    container: Mapped[str] = mapped_column(String(1000), default="")
    # Accents, case and ligatures folded: key, title, every name, year, DOI, container.
    search_text: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )

    @property
    def is_deleted(self) -> bool:
        """In the bin: hidden from lists, still restorable."""
        return self.deleted_at is not None


class ReferenceRevision(db.Model):  # type: ignore[name-defined,misc]
    """A previous version of a reference, kept at each edit, delete or restore."""

    __tablename__ = "reference_revisions"
    __table_args__ = (UniqueConstraint("reference_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    reference_id: Mapped[int] = mapped_column(
        ForeignKey("course_references.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column()
    key: Mapped[str] = mapped_column(String(255))
    entry_type: Mapped[str] = mapped_column(String(40))
    bibtex: Mapped[str] = mapped_column(Text)
    meaning: Mapped[dict[str, Any]] = mapped_column(JSON)
    csl: Mapped[dict[str, Any]] = mapped_column(JSON)
    was_deleted: Mapped[bool] = mapped_column(default=False)
    # Who wrote this version, and when (not who replaced it).
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)


class CourseBibliography(db.Model):  # type: ignore[name-defined,misc]
    """The course's citation style: a known style id, or an uploaded CSL file."""

    __tablename__ = "course_bibliographies"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), unique=True
    )
    style: Mapped[str] = mapped_column(String(200), default="apa")
    csl_text: Mapped[str | None] = mapped_column(Text, default=None)
    csl_name: Mapped[str | None] = mapped_column(String(255), default=None)
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def effective_style(self) -> str:
        """What the renderer takes: the uploaded CSL text, else the style id."""
        return self.csl_text or self.style


class ReadingListSection(db.Model):  # type: ignore[name-defined,misc]
    """A titled part of the reading list: a theme, or the readings of one module."""

    __tablename__ = "reading_list_sections"
    __table_args__ = (
        Index("ix_reading_list_sections_course", "course_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # Named by id only: the modules feature is a sibling this package never imports.
    module_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_modules.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    items: Mapped[list[ReadingListItem]] = relationship(
        back_populates="section",
        cascade="all, delete-orphan",
        order_by="ReadingListItem.position",
    )


class ReadingListItem(db.Model):  # type: ignore[name-defined,misc]
    """A reference placed in a section, with its importance and a note to students."""

    __tablename__ = "reading_list_items"
    __table_args__ = (
        UniqueConstraint("section_id", "reference_id"),
        CheckConstraint(
            "importance IN ('essential', 'recommended', 'further')", name="importance"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(
        ForeignKey("reading_list_sections.id", ondelete="CASCADE"), index=True
    )
    reference_id: Mapped[int] = mapped_column(
        ForeignKey("course_references.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    importance: Mapped[str] = mapped_column(String(20), default="recommended")
    note: Mapped[str] = mapped_column(Text, default="")
    section: Mapped[ReadingListSection] = relationship(back_populates="items")
    reference: Mapped[Reference] = relationship()


class PendingImport(db.Model):  # type: ignore[name-defined,misc]
    """An analysed import waiting for the person's confirmation, until it expires."""

    __tablename__ = "pending_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(20))
    # Rows to add, merge or reject, each with its reasons; see imports.Candidate.
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


MARK_STATUSES = ("to-read", "read")
SUGGESTION_KINDS = ("reference", "request")
SUGGESTION_STATUSES = ("open", "accepted", "answered", "declined")


class ReadingMark(db.Model):  # type: ignore[name-defined,misc]
    """A student's private "to read / read" mark on one reference."""

    __tablename__ = "reading_marks"
    __table_args__ = (
        UniqueConstraint("user_id", "reference_id"),
        Index("ix_reading_marks_course_user", "course_id", "user_id"),
        CheckConstraint("status IN ('to-read', 'read')", name="mark_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reference_id: Mapped[int] = mapped_column(
        ForeignKey("course_references.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Suggestion(db.Model):  # type: ignore[name-defined,misc]
    """A student's suggested reference, or request for references on a topic."""

    __tablename__ = "reference_suggestions"
    __table_args__ = (
        Index("ix_reference_suggestions_course_status", "course_id", "status"),
        CheckConstraint("kind IN ('reference', 'request')", name="suggestion_kind"),
        CheckConstraint(
            "status IN ('open', 'accepted', 'answered', 'declined')",
            name="suggestion_status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    doi: Mapped[str | None] = mapped_column(String(300), default=None)
    bibtex: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[str] = mapped_column(String(10), default="open")
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    accepted_reference_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_references.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")


class RenderedEntry(db.Model):  # type: ignore[name-defined,misc]
    """A reference rendered in a style and locale, valid for one group stamp.

    The stamp hashes the (id, revision) of every live reference of the course with
    the same first author and year: 2009a/2009b suffixes depend on them.
    """

    __tablename__ = "rendered_entries"
    __table_args__ = (
        UniqueConstraint(
            "reference_id", "revision", "style_key", "locale", "group_stamp"
        ),
        Index("ix_rendered_entries_course", "course_id", "style_key", "locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    reference_id: Mapped[int] = mapped_column(
        ForeignKey("course_references.id", ondelete="CASCADE")
    )
    revision: Mapped[int] = mapped_column()
    style_key: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(16))
    group_stamp: Mapped[str] = mapped_column(String(40))
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
