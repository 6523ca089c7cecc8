"""Backup and restore: the database, the files its rows point to, the tool's keys."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register ``flask backup``."""
    from lti_app.backup.cli import backup

    app.cli.add_command(backup)
