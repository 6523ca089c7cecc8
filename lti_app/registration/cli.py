"""``flask platforms registration-url``: the URL to paste into the LMS."""

from __future__ import annotations

from urllib.parse import urlencode

import click
from flask.cli import with_appcontext

from lti_app.lti.registration_codes import create_code
from lti_app.tool_urls import absolute, printed_url_options, tool_base


@click.command("registration-url")
@printed_url_options
@with_appcontext
def registration_url(hours: float, base_url: str | None) -> None:
    """Print a one-use URL for the LMS's "register a tool by URL"."""
    base = tool_base(base_url)
    code = create_code(hours)
    url = absolute(base, "registration.register")
    click.echo(f"{url}?{urlencode({'code': code})}")
    click.echo(f"valid for one registration, for {hours:g} hour(s)", err=True)
