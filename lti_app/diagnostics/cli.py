"""``flask diagnostics-url``: the address of the diagnostic page, with a token."""

from __future__ import annotations

from urllib.parse import urlencode

import click
from flask.cli import with_appcontext

from lti_app.diagnostics.tokens import issue
from lti_app.tool_urls import absolute, printed_url_options, tool_base


@click.command("diagnostics-url")
@printed_url_options
@with_appcontext
def diagnostics_url(hours: float, base_url: str | None) -> None:
    """Print the diagnostic page's URL, for every registration."""
    url = absolute(tool_base(base_url), "diagnostics.page")
    click.echo(f"{url}?{urlencode({'token': issue(hours)})}")
    click.echo(f"valid for {hours:g} hour(s); keep it private", err=True)
