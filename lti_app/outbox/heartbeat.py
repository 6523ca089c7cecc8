"""The worker's heartbeat: when a worker last went round its loop.

Kept in the shared store (Redis or the database), so ``check-deploy`` on any
server sees the workers of every server. Written at most every ``EVERY``
seconds: a busy loop costs no extra write per message.
"""

from __future__ import annotations

from datetime import datetime

from lti_app.lti.clock import utcnow
from lti_app.lti.store import get_store

KEY = "outbox:heartbeat"
EVERY = 10.0  # seconds between two writes
KEPT = 7 * 24 * 3600  # an old beat still says when the last worker stopped


def beat(now: datetime | None = None) -> None:
    """Record that a worker is alive now."""
    get_store().put(KEY, (now or utcnow()).isoformat(), KEPT)


def last_beat() -> datetime | None:
    """When a worker last went round its loop; None when none ever has (or for a week)."""
    value = get_store().get(KEY)
    return None if value is None else datetime.fromisoformat(value)
