"""The store every worker shares: launch state, nonces, JWKS cache, sessions.

The database by default, Redis when ``REDIS_URL`` is set; never process memory
or the Flask cookie. Claiming a value (``pop``) and reserving a key (``add``) are
atomic, so a nonce or a state is accepted once however many workers race for it.
"""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import timedelta
from typing import Any, Protocol

from flask import Flask, current_app
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.lti.models import StoreEntry

_PURGE_PROBABILITY = 0.02


class Store(Protocol):
    """What the LTI layer needs from shared storage."""

    def put(self, key: str, value: str, ttl: int) -> None: ...
    def get(self, key: str) -> str | None: ...
    def pop(self, key: str) -> str | None: ...
    def add(self, key: str, value: str, ttl: int) -> bool: ...
    def delete(self, key: str) -> None: ...


class SqlStore:
    """Store rows in ``store_entries`` through short transactions of their own."""

    def put(self, key: str, value: str, ttl: int) -> None:
        expires = utcnow() + timedelta(seconds=ttl)
        # A concurrent put of this key may commit between our DELETE and INSERT: as if
        # it came just after ours, its value stands (last writer wins), no error.
        with suppress(IntegrityError), db.engine.begin() as conn:
            conn.execute(delete(StoreEntry).where(StoreEntry.key == key))
            conn.execute(insert(StoreEntry).values(key=key, value=value, expires_at=expires))
        if random.random() < _PURGE_PROBABILITY:  # noqa: S311 - not security related
            self.purge()

    def get(self, key: str) -> str | None:
        with db.engine.connect() as conn:
            return conn.execute(
                select(StoreEntry.value).where(
                    StoreEntry.key == key, StoreEntry.expires_at > utcnow()
                )
            ).scalar_one_or_none()

    def pop(self, key: str) -> str | None:
        with db.engine.begin() as conn:
            row = conn.execute(
                select(StoreEntry.value, StoreEntry.expires_at).where(StoreEntry.key == key)
            ).first()
            if row is None:
                return None
            # The DELETE decides the winner: only one transaction removes the row.
            deleted = conn.execute(delete(StoreEntry).where(StoreEntry.key == key))
            if deleted.rowcount != 1 or row.expires_at <= utcnow():
                return None
            return str(row.value)

    def add(self, key: str, value: str, ttl: int) -> bool:
        expires = utcnow() + timedelta(seconds=ttl)
        with db.engine.begin() as conn:
            conn.execute(
                delete(StoreEntry).where(
                    StoreEntry.key == key, StoreEntry.expires_at <= utcnow()
                )
            )
        try:
            with db.engine.begin() as conn:
                conn.execute(
                    insert(StoreEntry).values(key=key, value=value, expires_at=expires)
                )
        except IntegrityError:
            return False
        return True

    def delete(self, key: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(StoreEntry).where(StoreEntry.key == key))

    def purge(self) -> int:
        """Remove expired rows; return how many."""
        with db.engine.begin() as conn:
            result = conn.execute(delete(StoreEntry).where(StoreEntry.expires_at <= utcnow()))
            return int(result.rowcount)


class RedisStore:
    """Store keys in Redis with native expiry; GETDEL and SET NX are atomic."""

    def __init__(self, url: str, prefix: str = "cartable:") -> None:
        import redis  # imported here: an optional dependency

        self._redis: Any = redis.Redis.from_url(
            url, socket_timeout=5, socket_connect_timeout=5, decode_responses=True
        )
        self._prefix = prefix

    def put(self, key: str, value: str, ttl: int) -> None:
        self._redis.set(self._prefix + key, value, ex=max(ttl, 1))

    def get(self, key: str) -> str | None:
        value = self._redis.get(self._prefix + key)
        return None if value is None else str(value)

    def pop(self, key: str) -> str | None:
        value = self._redis.getdel(self._prefix + key)
        return None if value is None else str(value)

    def add(self, key: str, value: str, ttl: int) -> bool:
        return bool(self._redis.set(self._prefix + key, value, ex=max(ttl, 1), nx=True))

    def delete(self, key: str) -> None:
        self._redis.delete(self._prefix + key)


def init_store(app: Flask) -> None:
    """Choose the store from the settings; no connection is made here."""
    url = app.config.get("REDIS_URL")
    app.extensions["cartable_store"] = (
        RedisStore(url, app.config["CARTABLE_REDIS_PREFIX"]) if url else SqlStore()
    )


def get_store() -> Store:
    """Return the application's shared store."""
    store: Store = current_app.extensions["cartable_store"]
    return store
