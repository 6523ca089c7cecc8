"""Rows that concurrent requests may all try to create: the database picks one.

A class opening an activity at once, or one person's double click, sends several
first launches together: each would find no user, course or membership and
insert it, and all but one would fail on the unique constraint (a 500). Here
the insert is ``INSERT ... ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL
share the syntax), then the row is read back, whoever created it.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Select
from sqlalchemy.dialects import postgresql, sqlite

from lti_app.extensions import db

M = TypeVar("M")


def insert_missing(model: type[Any], values: dict[str, Any]) -> bool:
    """Insert a row unless one with the same unique key exists; True if inserted.

    Runs in the session's transaction. On PostgreSQL a concurrent insert of the
    same key waits for the other transaction, then does nothing.
    """
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(model).values(**values).on_conflict_do_nothing()
    result = cast("CursorResult[Any]", db.session.execute(statement))
    return result.rowcount == 1


def find_or_create(
    query: Select[M], model: type[M], values: dict[str, Any]
) -> tuple[M, bool]:
    """The row ``query`` finds, inserted from ``values`` first when missing.

    Returns the row and whether this call created it.
    """
    row = db.session.scalar(query)
    if row is not None:
        return row, False
    created = insert_missing(model, values)
    return db.session.scalars(query).one(), created
