"""Naive-UTC time, the one representation stored in the database."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo (portable across SQLite and PG)."""
    return datetime.now(UTC).replace(tzinfo=None)
