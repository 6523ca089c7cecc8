"""The database side: one snapshot that the dump, the counts and the file list share.

SQLite: a read transaction is opened on the session's own connection, then the
online backup API copies the database from that same connection, so the copy and
every later query of the session see one instant. PostgreSQL: see ``postgres``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Connection

from lti_app.backup import postgres
from lti_app.backup.errors import BackupError
from lti_app.extensions import db


@dataclass(frozen=True)
class Dump:
    """The database copy written beside the archive, and where it came from."""

    dialect: str
    path: Path
    schema: str | None
    server_version: str


def dialect() -> str:
    """``sqlite`` or ``postgresql``: the only two Cartable runs on."""
    name = db.engine.dialect.name
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {name}")
    return str(name)


@contextmanager
def snapshot(workdir: Path) -> Iterator[Dump]:
    """Dump the database; inside the block ``db.session`` reads the same instant."""
    db.session.rollback()
    try:
        if dialect() == "sqlite":
            yield _sqlite_snapshot(workdir / "cartable.sqlite3")
        else:
            with postgres.exported_snapshot() as (name, schema, version):
                path = workdir / "cartable.pgdump"
                postgres.dump(name, schema, path)
                yield Dump("postgresql", path, schema, version)
    finally:
        db.session.rollback()


def _sqlite_snapshot(path: Path) -> Dump:
    connection = db.session.connection()
    # pysqlite opens no transaction for a SELECT: begin one, then read, to pin it.
    connection.exec_driver_sql("BEGIN")
    connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    source = connection.connection.dbapi_connection
    assert isinstance(source, sqlite3.Connection)  # noqa: S101 - the dialect says so
    target = sqlite3.connect(path)
    try:
        source.backup(target)  # inside the read transaction: the pinned instant
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()
    return Dump("sqlite", path, None, sqlite3.sqlite_version)


def _quote(connection: Connection, name: str) -> str:
    return str(connection.dialect.identifier_preparer.quote(name))


def count_rows(connection: Connection) -> dict[str, int]:
    """Rows per table of the connection's schema, as its transaction sees them."""
    tables = sorted(inspect(connection).get_table_names())
    return {
        name: int(
            # Names from the catalogue, quoted by the dialect: no input reaches here.
            connection.execute(
                text(f"SELECT count(*) FROM {_quote(connection, name)}")  # noqa: S608
            ).scalar_one()
        )
        for name in tables
    }


def revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at (None before any migration)."""
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version"))
    return found.scalar()


def dump_counts(kind: str, path: Path) -> tuple[dict[str, int], str | None]:
    """Rows per table and revision of a dump, read from the file alone."""
    if kind == "postgresql":
        return postgres.dump_counts(path)
    if kind != "sqlite":
        raise BackupError(f"unknown database kind in the manifest: {kind!r}")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"the database copy does not open: {exc}") from exc
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts: dict[str, int] = {}
        for name in names:
            query = f'SELECT count(*) FROM "{name}"'  # noqa: S608 - catalogue names
            counts[name] = int(connection.execute(query).fetchone()[0])
        head = None
        if "alembic_version" in counts:
            found = connection.execute("SELECT version_num FROM alembic_version")
            head = (found.fetchone() or [None])[0]
        return counts, head
    except sqlite3.Error as exc:
        raise BackupError(f"the database copy is damaged: {exc}") from exc
    finally:
        connection.close()


def target_tables() -> list[str]:
    """Tables already in the target database (a restore wants none)."""
    return sorted(inspect(db.engine).get_table_names())


def drop_everything() -> None:
    """Empty the target database (``restore --force``)."""
    metadata = MetaData()
    metadata.reflect(bind=db.engine)
    metadata.drop_all(bind=db.engine)


def check_target(kind: str, schema: str | None) -> None:
    """Refuse, before anything is touched, a target the dump cannot go into."""
    if kind != dialect():
        raise BackupError(
            f"this archive holds a {kind} database; the target is {dialect()}"
        )
    if kind == "postgresql":
        postgres.check_schema(schema)


def load(kind: str, path: Path) -> None:
    """Put the dump into the (empty, checked) target database."""
    db.session.remove()
    db.engine.dispose()
    if kind == "postgresql":
        postgres.restore(path)
        return
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(db.engine.url.database or "")
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
