"""Retention from the command line and from the worker's daily round."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

from lti_app import audit
from lti_app.lti.clock import utcnow
from lti_app.outbox.models import OutboxMessage
from lti_app.submissions.retention import Summary, apply_retention

KIND = "retention"
log = logging.getLogger(__name__)

retention = AppGroup("retention", help="Delete files kept past the retention period.")


def run_now(*, dry_run: bool, actor_role: str = audit.SYSTEM) -> Summary:
    """Apply the rule as of now with the platform's default.

    A real run leaves one audit entry per course that lost files: how many and
    how many bytes, never whose.
    """
    days = int(current_app.config["CARTABLE_RETENTION_DAYS"])
    summary = apply_retention(utcnow(), days, dry_run=dry_run)
    if not dry_run:
        for course_id, count in sorted(summary.per_course().items()):
            audit.record("files.expired", actor_role=actor_role,
                         course_id=course_id, details={"files": count})  # fmt: skip
    return summary


def run_daily(message: OutboxMessage) -> None:
    """The worker's daily job (an outbox message, so retried if it fails)."""
    summary = run_now(dry_run=False)
    log.info(
        "retention for %s: %s file(s), %s byte(s) deleted in course(s) %s",
        message.payload.get("day"),
        len(summary.files),
        summary.size,
        sorted(summary.per_course()),
    )


@retention.command("run")
@click.option(
    "--dry-run", is_flag=True, help="List what would be deleted; delete nothing."
)
def retention_run(dry_run: bool) -> None:
    """Delete (or list) the submitted and feedback files past their course's retention."""
    summary = run_now(dry_run=dry_run, actor_role=audit.OPERATOR)
    verb = "would delete" if dry_run else "deleted"
    for item in summary.files:
        click.echo(f"{verb} {item.key} ({item.label}, course {item.course_id})")
    courses = summary.per_course()
    click.echo(
        f"{verb} {len(summary.files)} file(s), {summary.size} byte(s), "
        f"in {len(courses)} course(s)"
    )
