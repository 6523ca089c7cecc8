"""One row per message to deliver, written in the transaction that caused it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from lti_app.extensions import db
from lti_app.lti.clock import utcnow

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"


class OutboxMessage(db.Model):  # type: ignore[name-defined,misc]
    """A message waiting for, or done with, delivery by the worker."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Makes an enqueue idempotent: the same grade or notice is never queued twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    # Random part of the Message-ID, fixed at enqueue so that every retry carries it.
    token: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A worker owns a message in "sending" until then; past it, a crash is assumed.
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def message_id(self) -> str:
        """A stable RFC 5322 Message-ID: a retry is recognisable as the same message."""
        return f"<{self.token}.{self.id}@cartable.outbox>"
