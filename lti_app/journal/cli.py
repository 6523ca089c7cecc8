"""``flask audit export``: the whole record, as CSV or JSON lines, for operators."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from typing import IO

import click
from flask.cli import AppGroup

from lti_app import audit

audit_group = AppGroup("audit", help="The audit trail of staff actions.")
COLUMNS = ("id", "created_at", "platform_id", "course_id", "actor_id", "actor_role",
           "action", "subject_user_id", "target_kind", "target_id", "details")  # fmt: skip


def _write(out: IO[str], fmt: str, since: datetime | None) -> int:
    count = 0
    writer = csv.DictWriter(out, COLUMNS) if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for entry in audit.iter_entries(since=since):
        row = audit.as_row(entry)
        if writer is not None:
            writer.writerow(
                {**row, "details": json.dumps(row["details"], sort_keys=True)}
            )
        else:
            out.write(json.dumps(row, sort_keys=True) + "\n")
        count += 1
    return count


@audit_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="jsonl",
              show_default=True)  # fmt: skip
@click.option("--since", type=click.DateTime(), default=None, help="UTC, inclusive.")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True), default="-")
def export_command(fmt: str, since: datetime | None, path: str) -> None:
    """Write every entry, oldest first (``-``: standard output)."""
    if path == "-":
        count = _write(sys.stdout, fmt, since)
    else:
        with open(path, "x", encoding="utf-8", newline="") as out:
            count = _write(out, fmt, since)
        click.echo(f"wrote {count} entries to {path}", err=True)
    if path == "-":
        click.echo(f"{count} entries", err=True)
