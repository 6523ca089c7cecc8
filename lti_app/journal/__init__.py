"""Journal d'audit: staff read their course's record; operators export it all."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the course page and the ``audit`` commands."""
    from lti_app.journal.cli import audit_group
    from lti_app.journal.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(audit_group)
