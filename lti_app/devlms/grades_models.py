"""The development LMS's gradebook: line items, grades, service tokens (Moodle's
``lti_gradebookservices``, ``grade_grades`` and ``lti_access_tokens``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_app.devlms.models import DevActivity, DevPerson, utcnow
from lti_app.extensions import db


class DevLineItem(db.Model):  # type: ignore[name-defined,misc]
    """A gradebook column of one tool in one course; ``activity_id`` for an
    activity's own column (its ``resourceLinkId``)."""

    __tablename__ = "devlms_line_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_courses.id", ondelete="CASCADE")
    )
    tool_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_tools.id", ondelete="CASCADE")
    )
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("devlms_activities.id", ondelete="CASCADE"), default=None
    )
    label: Mapped[str] = mapped_column(String(255))
    score_maximum: Mapped[float] = mapped_column(Float)
    resource_id: Mapped[str] = mapped_column(String(255), default="")
    tag: Mapped[str] = mapped_column(String(255), default="")
    submission_review: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    activity: Mapped[DevActivity | None] = relationship()


class DevGrade(db.Model):  # type: ignore[name-defined,misc]
    """One person's grade in one column; ``timestamp`` in whole seconds, as Moodle."""

    __tablename__ = "devlms_grades"
    __table_args__ = (UniqueConstraint("line_item_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_item_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_line_items.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_people.id", ondelete="CASCADE")
    )
    score: Mapped[float | None] = mapped_column(Float, default=None)
    timestamp: Mapped[int] = mapped_column(default=0)
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    person: Mapped[DevPerson] = relationship()


class DevServiceToken(db.Model):  # type: ignore[name-defined,misc]
    """An access token the token endpoint issued, with its granted scopes."""

    __tablename__ = "devlms_service_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    tool_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_tools.id", ondelete="CASCADE")
    )
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    expires_at: Mapped[datetime] = mapped_column(default=utcnow)
