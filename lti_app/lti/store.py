"""The store every worker shares: launch state, nonces, JWKS cache, sessions.

The database by default, Redis when ``REDIS_URL`` is set; never process memory
or the Flask cookie. Claiming a value (``pop``) and reserving a key (``add``) are
atomic, so a nonce or a state is accepted once however many workers race for it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Protocol

from flask import Flask, current_app
from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import BindParameter

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


_KEY: BindParameter[str] = bindparam("k")
_VALUE: BindParameter[str] = bindparam("v")
_EXPIRES: BindParameter[datetime] = bindparam("e")
_NOW: BindParameter[datetime] = bindparam("now")
_GET = select(StoreEntry.value).where(
    StoreEntry.key == _KEY, StoreEntry.expires_at > _NOW
)
_POP = (
    delete(StoreEntry)
    .where(StoreEntry.key == _KEY)
    .returning(StoreEntry.value, StoreEntry.expires_at)
)
_DELETE = delete(StoreEntry).where(StoreEntry.key == _KEY)
_PURGE = delete(StoreEntry).where(StoreEntry.expires_at <= _NOW)


@cache
def _upserts(dialect: str) -> tuple[Any, Any]:
    """(put, add) for this dialect, built once: SQLite and PostgreSQL share the syntax."""
    module = postgresql if dialect == "postgresql" else sqlite
    insert = module.insert(StoreEntry).values(
        key=_KEY, value=_VALUE, expires_at=_EXPIRES
    )
    new_values = {
        "value": insert.excluded.value,
        "expires_at": insert.excluded.expires_at,
    }
    put = insert.on_conflict_do_update(index_elements=[StoreEntry.key], set_=new_values)
    # Take a key over only from an expired row; a live one means "already there".
    add = insert.on_conflict_do_update(
        index_elements=[StoreEntry.key],
        set_=new_values,
        where=StoreEntry.expires_at <= _NOW,
    ).returning(StoreEntry.key)
    return put, add


class SqlStore:
    """Store rows in ``store_entries``, one statement and one transaction per call.

    ``put`` and ``add`` are native upserts (``ON CONFLICT``), ``pop`` is
    ``DELETE ... RETURNING``: the database decides the single winner of a race,
    and statements are built once, so a launch costs few round trips.
    """

    def _write(self, index: int, key: str, value: str, ttl: int) -> Any:
        statement = _upserts(db.engine.dialect.name)[index]
        now = utcnow()
        expires = now + timedelta(seconds=ttl)
        with db.engine.begin() as conn:
            result = conn.execute(
                statement, {"k": key, "v": value, "e": expires, "now": now}
            )
            return result.first() if result.returns_rows else None

    def put(self, key: str, value: str, ttl: int) -> None:
        self._write(0, key, value, ttl)
        if random.random() < _PURGE_PROBABILITY:  # noqa: S311 - not security related
            self.purge()

    def get(self, key: str) -> str | None:
        with db.engine.connect() as conn:
            value = conn.execute(_GET, {"k": key, "now": utcnow()}).scalar_one_or_none()
        return None if value is None else str(value)

    def pop(self, key: str) -> str | None:
        with db.engine.begin() as conn:
            row = conn.execute(_POP, {"k": key}).first()
        if row is None or row.expires_at <= utcnow():
            return None
        return str(row.value)

    def add(self, key: str, value: str, ttl: int) -> bool:
        return self._write(1, key, value, ttl) is not None

    def delete(self, key: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(_DELETE, {"k": key})

    def purge(self) -> int:
        """Remove expired rows; return how many."""
        with db.engine.begin() as conn:
            return int(conn.execute(_PURGE, {"now": utcnow()}).rowcount)


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
