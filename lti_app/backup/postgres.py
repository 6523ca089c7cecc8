"""PostgreSQL: ``pg_dump`` from a snapshot exported by the backup's own transaction.

The backup opens a REPEATABLE READ, READ ONLY transaction and exports its snapshot;
``pg_dump --snapshot`` then dumps exactly what that transaction sees, while the
transaction counts the rows and lists the files. Dump, counts and files are of one
instant, and nothing blocks the live service (readers never block writers).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from lti_app.backup.errors import BackupError
from lti_app.extensions import db

_COPY = re.compile(r'^COPY "?([^".\s]+)"?\."?([^"\s(]+)"? ')
_REVISION = re.compile(r"^([0-9a-f]{12})$")
_QUERY_VARIABLES = {
    "options": "PGOPTIONS",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client tools "
            "(the same major version as the server, or newer)"
        )
    return found


def _environment() -> dict[str, str]:
    """libpq variables from DATABASE_URL: the password never goes on a command line."""
    url = db.engine.url
    variables = {
        "PGHOST": url.host,
        "PGPORT": url.port,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    for name, variable in _QUERY_VARIABLES.items():
        value = url.query.get(name)
        variables[variable] = value if isinstance(value, str) else None
    extra = {k: str(v) for k, v in variables.items() if v is not None}
    return {**os.environ, **extra}


def _run(arguments: list[str], what: str) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(  # noqa: S603 - fixed tool, our own arguments
        arguments,
        env=_environment(),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[-2000:]
        raise BackupError(f"{what} failed: {detail}")
    return done


@contextmanager
def exported_snapshot() -> Iterator[tuple[str, str, str]]:
    """Pin the session to a read-only snapshot; yield its name, schema and version."""
    connection = db.session.connection(
        execution_options={"isolation_level": "REPEATABLE READ"}
    )
    connection.execute(text("SET TRANSACTION READ ONLY"))
    name = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    version = connection.execute(text("SHOW server_version")).scalar_one()
    yield str(name), str(schema), str(version)


def dump(snapshot: str, schema: str, path: Path) -> None:
    """``pg_dump`` of Cartable's schema as the snapshot sees it (custom format)."""
    _run(
        [
            _tool("pg_dump"),
            "--format=custom",
            f"--snapshot={snapshot}",
            f"--schema={schema}",
            "--no-owner",
            "--no-privileges",
            f"--file={path}",
        ],
        "pg_dump",
    )


def tool_version() -> str:
    """The pg_dump version, for the manifest."""
    return _run([_tool("pg_dump"), "--version"], "pg_dump").stdout.decode().strip()


def dump_counts(path: Path) -> tuple[dict[str, int], str | None]:
    """Rows per table and the Alembic revision, read from the dump's COPY blocks."""
    arguments = [_tool("pg_restore"), "--data-only", "--file=-", str(path)]
    counts: dict[str, int] = {}
    revision: str | None = None
    with subprocess.Popen(  # noqa: S603 - fixed tool, our own arguments
        arguments,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None  # noqa: S101 - PIPE was asked for
        table: str | None = None
        for raw in process.stdout:
            line = raw.rstrip(b"\n").decode("utf-8", "replace")
            if table is None:
                found = _COPY.match(line)
                if found:
                    table = found.group(2)
                    counts[table] = 0
            elif line == "\\.":
                table = None
            else:
                counts[table] += 1
                if table == "alembic_version" and _REVISION.match(line):
                    revision = line
        error = process.stderr.read() if process.stderr else b""
    if process.returncode != 0:
        raise BackupError(f"the database dump does not read: {error.decode()[-500:]}")
    return counts, revision


def check_schema(schema: str | None) -> None:
    """The dump names its schema: the target must use the same one."""
    with db.engine.connect() as connection:
        target = connection.execute(text("SELECT current_schema()")).scalar_one()
    if schema and target != schema:
        raise BackupError(
            f"the archive holds schema {schema!r}; the target uses {target!r}"
        )


def restore(path: Path) -> None:
    """Load the dump into the target's schema, which already exists (so is skipped)."""
    listing = _run([_tool("pg_restore"), "--list", str(path)], "pg_restore --list")
    kept = [
        line
        for line in listing.stdout.decode().splitlines()
        if " SCHEMA - " not in line
    ]
    list_file = path.with_suffix(".list")
    list_file.write_text("\n".join(kept) + "\n", encoding="utf-8")
    _run(
        [
            _tool("pg_restore"),
            f"--use-list={list_file}",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={db.engine.url.database}",
            str(path),
        ],
        "pg_restore",
    )
