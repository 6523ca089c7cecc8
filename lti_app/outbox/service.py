"""Enqueue in the caller's transaction; claim, deliver and record in the worker's."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.outbox.errors import Refused, RetryLater
from lti_app.outbox.models import FAILED, PENDING, SENDING, SENT, OutboxMessage

__all__ = [
    "OutboxMessage",
    "Refused",
    "RetryLater",
    "enqueue",
    "enqueue_daily",
    "list_messages",
    "process_due",
    "register_daily",
    "register_handler",
    "resend",
]

Handler = Callable[[OutboxMessage], None]
log = logging.getLogger(__name__)


def register_handler(kind: str, handler: Handler, app: Flask | None = None) -> None:
    """Say who delivers messages of this kind (called while the app is assembled)."""
    target = app or current_app
    target.extensions.setdefault("outbox_handlers", {})[kind] = handler


def register_daily(kind: str, handler: Handler, app: Flask) -> None:
    """A job the long-running worker queues once a day, then delivers like a message."""
    register_handler(kind, handler, app)
    app.extensions.setdefault("outbox_daily", []).append(kind)


def enqueue_daily(day: date) -> int:
    """Queue each daily job for ``day``; the dedupe key makes it once across workers."""
    kinds: list[str] = current_app.extensions.get("outbox_daily", [])
    for kind in kinds:
        stamp = day.isoformat()
        enqueue(kind, {"day": stamp}, dedupe_key=f"daily:{kind}:{stamp}")
    db.session.commit()
    return len(kinds)


def enqueue(
    kind: str,
    payload: dict[str, Any],
    *,
    dedupe_key: str | None = None,
    course_id: int | None = None,
) -> OutboxMessage:
    """Queue a message in the current transaction; the caller's commit makes it durable.

    With a ``dedupe_key`` already queued, nothing is added and the existing message
    is returned, even when another transaction queued it a moment ago.
    """
    values = {
        "kind": kind,
        "payload": payload,
        "dedupe_key": dedupe_key,
        "course_id": course_id,
        "token": secrets.token_hex(16),
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": utcnow(),
        "created_at": utcnow(),
    }
    if dedupe_key is None:
        message = OutboxMessage(**values)
        db.session.add(message)
        db.session.flush()
        return message
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[OutboxMessage.dedupe_key])
    )
    db.session.execute(statement)
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
    ).one()


def resend(message_id: int, course_id: int | None = None) -> OutboxMessage | None:
    """Put a failed message back in the queue; ``course_id`` scopes staff requests."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or (course_id is not None and message.course_id != course_id):
        return None
    if message.status == FAILED:
        message.status = PENDING
        message.attempts = 0
        message.next_attempt_at = utcnow()
        db.session.commit()
    return message


def list_messages(ids: Iterable[int]) -> dict[int, OutboxMessage]:
    """The messages with these ids, for a feature showing its deliveries' states."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(wanted)))
    return {row.id: row for row in rows}


def process_due(limit: int = 100) -> int:
    """Deliver up to ``limit`` due messages, one transaction each; return how many."""
    handled = 0
    # Only what was due when the pass began: a retry due "now" waits for the next pass.
    started = utcnow()
    while handled < limit:
        message = _claim(started)
        if message is None:
            break
        _deliver(message)
        handled += 1
    return handled


def _due_filter(now: datetime) -> Any:
    return or_(
        (OutboxMessage.status == PENDING) & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == SENDING) & (OutboxMessage.lease_until < now),
    )


def _claim(now: datetime) -> OutboxMessage | None:
    """Take one due message; the conditional update lets only one worker win it."""
    lease = timedelta(seconds=current_app.config["CARTABLE_OUTBOX_LEASE_SECONDS"])
    while True:
        candidate = db.session.scalar(
            select(OutboxMessage.id)
            .where(_due_filter(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
        )
        if candidate is None:
            db.session.rollback()
            return None
        won = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == candidate, _due_filter(now))
            .values(
                status=SENDING,
                lease_until=utcnow() + lease,
                attempts=OutboxMessage.attempts + 1,
            )
        )
        db.session.commit()
        if won.rowcount == 1:  # type: ignore[attr-defined]
            message = db.session.get(OutboxMessage, candidate, populate_existing=True)
            return message


def _deliver(message: OutboxMessage) -> None:
    handlers: dict[str, Handler] = current_app.extensions.get("outbox_handlers", {})
    handler = handlers.get(message.kind)
    try:
        if handler is None:
            raise Refused(f"no handler for {message.kind}")
        handler(message)
    except RetryLater as exc:
        _record_failure(message.id, exc.reason, retry=True)
    except Refused as exc:
        _record_failure(message.id, exc.reason, retry=False)
    except Exception as exc:
        log.exception("outbox message %s (%s) crashed", message.id, message.kind)
        _record_failure(message.id, type(exc).__name__, retry=True)
    else:
        # Delivered: record it at once, in the handler's own transaction.
        message.status = SENT
        message.sent_at = utcnow()
        message.lease_until = None
        message.last_error = None
        db.session.commit()
        log.info("outbox message %s (%s) sent", message.id, message.kind)


def _record_failure(message_id: int, reason: str, *, retry: bool) -> None:
    db.session.rollback()
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    if message is None:
        return
    config = current_app.config
    exhausted = message.attempts >= config["CARTABLE_OUTBOX_MAX_ATTEMPTS"]
    message.last_error = reason
    message.lease_until = None
    if retry and not exhausted:
        delay = min(
            config["CARTABLE_OUTBOX_RETRY_SECONDS"] * 2 ** (message.attempts - 1),
            config["CARTABLE_OUTBOX_MAX_RETRY_SECONDS"],
        )
        message.status = PENDING
        message.next_attempt_at = utcnow() + timedelta(seconds=delay)
    else:
        message.status = FAILED
    db.session.commit()
    log.warning(
        "outbox message %s (%s) %s after %s attempt(s)",
        message.id,
        message.kind,
        message.status,
        message.attempts,
    )
