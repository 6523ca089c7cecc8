"""``flask platforms registration-url``: the URL to paste into the LMS."""

from __future__ import annotations

from urllib.parse import urlencode

import click
from flask import current_app, url_for
from flask.cli import with_appcontext

from lti_app.lti.registration_codes import create_code


def tool_base(option: str | None) -> str:
    """The tool's public base; a URL printed for an LMS cannot be guessed."""
    base = (option or current_app.config["CARTABLE_PUBLIC_URL"] or "").rstrip("/")
    if not base:
        raise click.ClickException(
            "set CARTABLE_PUBLIC_URL (or pass --base-url): the LMS needs a full URL"
        )
    return base


def absolute(base: str, endpoint: str, **values: str) -> str:
    """``base`` followed by the endpoint's path, outside any request."""
    with current_app.test_request_context():
        return base + url_for(endpoint, **values)


@click.command("registration-url")
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
def registration_url(hours: float, base_url: str | None) -> None:
    """Print a one-use URL for the LMS's "register a tool by URL"."""
    base = tool_base(base_url)
    code = create_code(hours)
    url = absolute(base, "registration.register")
    click.echo(f"{url}?{urlencode({'code': code})}")
    click.echo(f"valid for one registration, for {hours:g} hour(s)", err=True)
