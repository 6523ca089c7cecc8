"""Who wants e-mail about questions: one switch per person and course, on by default.

Only an opt-out is stored: a person without a row gets e-mail (when e-mail is
configured at all); the interface's unread marks are never switched off.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ForeignKey, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from lti_app.extensions import db
from lti_app.lti.clock import utcnow


class NotificationPreference(db.Model):  # type: ignore[name-defined,misc]
    """One person's choice, in one course, about e-mail on questions."""

    __tablename__ = "question_notification_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), unique=True
    )
    email: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def wants_email(membership_id: int) -> bool:
    """Whether this person has kept e-mail on (the default)."""
    choice = db.session.scalar(
        select(NotificationPreference.email).where(
            NotificationPreference.membership_id == membership_id
        )
    )
    return choice is None or choice


def opted_out(membership_ids: Iterable[int]) -> set[int]:
    """Those among these people who turned e-mail off."""
    wanted = list(membership_ids)
    if not wanted:
        return set()
    return set(
        db.session.scalars(
            select(NotificationPreference.membership_id).where(
                NotificationPreference.membership_id.in_(wanted),
                NotificationPreference.email.is_(False),
            )
        )
    )


def set_email(course_id: int, membership_id: int, on: bool) -> None:
    """Turn e-mail on or off for this person in this course (commits)."""
    row = db.session.scalar(
        select(NotificationPreference).where(
            NotificationPreference.membership_id == membership_id
        )
    )
    if row is None:
        row = NotificationPreference(course_id=course_id, membership_id=membership_id)
        db.session.add(row)
    row.email, row.updated_at = on, utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # the same person's second click raced the first
        db.session.rollback()
        set_email(course_id, membership_id, on)
