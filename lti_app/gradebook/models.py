"""Line items Cartable grades into, and one sync record per (line item, student)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_app.course.models import Membership
from lti_app.extensions import db
from lti_app.lti.clock import utcnow

WAITING = "waiting"
SENT = "sent"
FAILED = "failed"


class GradeLineItem(db.Model):  # type: ignore[name-defined,misc]
    """A gradebook column as Cartable asks for it; ``lms_url`` once resolved."""

    __tablename__ = "gradebook_line_items"
    __table_args__ = (UniqueConstraint("course_id", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    resource_id: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(255))
    score_maximum: Mapped[float] = mapped_column(Float)
    tag: Mapped[str] = mapped_column(String(255), default="")
    resource_link_id: Mapped[str | None] = mapped_column(String(255), default=None)
    lms_url: Mapped[str | None] = mapped_column(String(1024), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GradeSync(db.Model):  # type: ignore[name-defined,misc]
    """The grade one student should have in one column, and where its send stands.

    ``revision`` grows with each new grade; the outbox message of a revision sends
    that revision only. ``last_timestamp`` is the last score timestamp given to the
    LMS, written before the request leaves, so the next one is always newer.
    """

    __tablename__ = "gradebook_syncs"
    __table_args__ = (UniqueConstraint("line_item_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    line_item_id: Mapped[int] = mapped_column(
        ForeignKey("gradebook_line_items.id", ondelete="CASCADE")
    )
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    score_given: Mapped[float] = mapped_column(Float)
    score_maximum: Mapped[float] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(String(10), default=WAITING)
    reason_code: Mapped[str | None] = mapped_column(String(40), default=None)
    reason: Mapped[str | None] = mapped_column(String(500), default=None)
    message_id: Mapped[int | None] = mapped_column(default=None)
    resends: Mapped[int] = mapped_column(default=0)
    last_timestamp: Mapped[datetime | None] = mapped_column(default=None)
    sent_revision: Mapped[int | None] = mapped_column(default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    lms_score: Mapped[float | None] = mapped_column(Float, default=None)
    lms_maximum: Mapped[float | None] = mapped_column(Float, default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    line_item: Mapped[GradeLineItem] = relationship()
    membership: Mapped[Membership] = relationship()
