"""``flask diagnostics-url``: the address of the diagnostic page, with a token."""

from __future__ import annotations

from urllib.parse import urlencode

import click
from flask.cli import with_appcontext

from lti_app.diagnostics.tokens import issue
from lti_app.tool_urls import absolute, tool_base


@click.command("diagnostics-url")
@click.option(
    "--expires",
    "hours",
    type=click.FloatRange(min=0.01, max=24 * 30),
    default=24.0,
    show_default=True,
    help="Hours the URL stays valid.",
)
@click.option("--base-url", default=None, help="Default: CARTABLE_PUBLIC_URL.")
@with_appcontext
def diagnostics_url(hours: float, base_url: str | None) -> None:
    """Print the diagnostic page's URL, for every registration."""
    url = absolute(tool_base(base_url), "diagnostics.page")
    click.echo(f"{url}?{urlencode({'token': issue(hours)})}")
    click.echo(f"valid for {hours:g} hour(s); keep it private", err=True)
