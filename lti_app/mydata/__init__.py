"""Mes données: a person's own data as one archive, on a page and from the CLI."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the page and the ``privacy`` commands."""
    from lti_app.mydata.cli import privacy
    from lti_app.mydata.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(privacy)
