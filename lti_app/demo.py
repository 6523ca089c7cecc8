"""``flask demo setup``: the demo course on the development LMS, registered with the tool."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from lti_app.lti import keys as tool_keys
from lti_app.lti import registry

demo = AppGroup("demo", help="The demo course and the development LMS.")


@demo.command("setup")
@click.option("--tool-url", default=None, help="The tool's base URL (default: CARTABLE_PUBLIC_URL).")
@click.option("--lms-url", default=None, help="The development LMS's base URL (default: the tool's).")
def demo_setup(tool_url: str | None, lms_url: str | None) -> None:
    """Create the demo course and people on the development LMS and register it."""
    if not current_app.config["CARTABLE_DEV_LMS"]:
        raise click.ClickException("enable the development LMS first: CARTABLE_DEV_LMS=on")
    from lti_app.devlms.service import seed_demo

    tool = (tool_url or current_app.config["CARTABLE_PUBLIC_URL"] or "http://127.0.0.1:5000").rstrip("/")
    info = seed_demo(tool_url=tool, lms_url=(lms_url or tool).rstrip("/"))
    registry.add_platform(
        registry.RegistrationInput(
            issuer=info.issuer,
            client_id=info.client_id,
            auth_login_url=info.auth_login_url,
            auth_token_url=info.auth_token_url,
            keyset_url=info.keyset_url,
            deployment_ids=(info.deployment_id,),
            name="Cartable development LMS",
        )
    )
    tool_keys.current_signing_key()
    click.echo(f"demo ready: open {info.lms_home_url}")
