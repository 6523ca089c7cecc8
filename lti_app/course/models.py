"""People, courses, memberships and resource links, each scoped to its platform."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_app.extensions import db
from lti_app.i18n import anonymous_label, erased_label
from lti_app.lti.clock import utcnow

DEFAULT_TIMEZONE = "Europe/Paris"


class User(db.Model):  # type: ignore[name-defined,misc]
    """A person as one issuer knows them (issuer + sub)."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("issuer", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    sub: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255), default=None)
    given_name: Mapped[str | None] = mapped_column(String(255), default=None)
    family_name: Mapped[str | None] = mapped_column(String(255), default=None)
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    locale: Mapped[str | None] = mapped_column(String(35), default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Set by a privacy erasure: the row stays (what the course keeps points at it),
    # nameless, under a random ``sub`` no launch will ever send.
    erased_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def known_name(self) -> str:
        """The name the platform sent at some launch, or "" if it never sent one."""
        full = " ".join(p for p in (self.given_name, self.family_name) if p)
        return self.name or full or ""

    @property
    def display_name(self) -> str:
        """The best name we have, else a neutral label in the reader's language."""
        if self.erased_at is not None:
            return erased_label()
        return self.known_name or anonymous_label(self.sub)


class Course(db.Model):  # type: ignore[name-defined,misc]
    """A course: one context of one deployment of one registration."""

    __tablename__ = "courses"
    __table_args__ = (UniqueConstraint("deployment_pk", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        ForeignKey("platforms.id", ondelete="CASCADE")
    )
    deployment_pk: Mapped[int] = mapped_column(
        ForeignKey("deployments.id", ondelete="CASCADE")
    )
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255), default=None)
    label: Mapped[str | None] = mapped_column(String(255), default=None)
    # LTI sends no time zone: dates are entered and shown in the course's own.
    timezone: Mapped[str] = mapped_column(
        String(64), default=DEFAULT_TIMEZONE, server_default=DEFAULT_TIMEZONE
    )
    # Days submitted and feedback files are kept after the course's last due date;
    # None: the platform's default (CARTABLE_RETENTION_DAYS), 0: kept without limit.
    retention_days: Mapped[int | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def display_title(self) -> str:
        """The title, else the label, else the context id."""
        return self.title or self.label or self.context_id


class Membership(db.Model):  # type: ignore[name-defined,misc]
    """A user's role in a course, from the last launch, plus what Cartable granted."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    lti_role: Mapped[str] = mapped_column(String(20))
    lti_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    granted_assistant: Mapped[bool] = mapped_column(default=False)
    last_launch_at: Mapped[datetime] = mapped_column(default=utcnow)
    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()


class ResourceLink(db.Model):  # type: ignore[name-defined,misc]
    """An activity placed in the LMS course that launches Cartable."""

    __tablename__ = "resource_links"
    __table_args__ = (UniqueConstraint("course_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255), default=None)
    custom: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


COPY_STATUSES = ("pending", "copied", "declined")


class CourseCopy(db.Model):  # type: ignore[name-defined,misc]
    """A course copied in the LMS: which Cartable course it came from, and the choice.

    Created at the launch that creates the course when its links name another
    course (``custom.cartable_course``); until staff copy or decline, students
    wait on a "not ready" page.
    """

    __tablename__ = "course_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), unique=True
    )
    source_course_id: Mapped[int | None] = mapped_column(
        ForeignKey("courses.id", ondelete="SET NULL"), default=None
    )
    status: Mapped[str] = mapped_column(String(10), default="pending")
    copied: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    source: Mapped[Course | None] = relationship(foreign_keys=[source_course_id])
