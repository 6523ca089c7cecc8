"""The versions a manifest records: Cartable, Python, the database and its tools."""

from __future__ import annotations

import platform
import sqlite3
from importlib import metadata

from lti_app.backup import postgres
from lti_app.backup.database import Dump


def versions(dump: Dump) -> dict[str, str]:
    """What produced the archive, for the operator who restores it years later."""
    try:
        cartable = metadata.version("cartable")
    except metadata.PackageNotFoundError:
        cartable = "unknown"
    found = {
        "cartable": cartable,
        "python": platform.python_version(),
        "database_server": dump.server_version,
    }
    if dump.dialect == "postgresql":
        found["pg_dump"] = postgres.tool_version()
    else:
        found["sqlite_library"] = sqlite3.sqlite_version
    return found
