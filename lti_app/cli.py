"""Flask commands: platform registrations, tool keys, the demo course."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from lti_app.lti import keys as tool_keys
from lti_app.lti import registry
from lti_app.lti.store import SqlStore
from lti_app.storage_cli import storage

platforms = AppGroup("platforms", help="Manage LMS registrations (issuer + client id).")
keys = AppGroup("keys", help="Manage the tool's signing keys.")
store = AppGroup("store", help="Maintain the shared store.")


@contextmanager
def _click_errors() -> Iterator[None]:
    """A registry refusal becomes a one-line CLI error, never a traceback."""
    try:
        yield
    except registry.RegistryError as exc:
        raise click.ClickException(str(exc)) from exc


@platforms.command("add")
@click.option("--issuer", required=True, help="The platform ID (Moodle: its wwwroot).")
@click.option("--client-id", required=True)
@click.option("--auth-login-url", required=True, help="Authentication request URL.")
@click.option("--auth-token-url", required=True, help="Access token URL.")
@click.option("--keyset-url", required=True, help="Public keyset URL.")
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True)
@click.option("--audience", default=None, help="Token audience if not the token URL.")
@click.option("--name", default=None, help="A label for people.")
@click.option(
    "--frame-origin",
    "frame_origins",
    multiple=True,
    help="Another origin (https://host[:port]) of this LMS that may frame the tool, "
    "besides the issuer's.",
)
def platforms_add(
    issuer: str,
    client_id: str,
    auth_login_url: str,
    auth_token_url: str,
    keyset_url: str,
    deployment_ids: tuple[str, ...],
    audience: str | None,
    name: str | None,
    frame_origins: tuple[str, ...],
) -> None:
    """Register a platform client, or add deployments to it."""
    data = registry.RegistrationInput(
        issuer,
        client_id,
        auth_login_url,
        auth_token_url,
        keyset_url,
        deployment_ids,
        audience,
        name,
        frame_origins,
    )
    with _click_errors():
        platform = registry.add_platform(data)
    deployments = ", ".join(d.deployment_id for d in platform.deployments)
    click.echo(
        f"registered {platform.issuer} client {platform.client_id} ({deployments})"
    )


@platforms.command("list")
def platforms_list() -> None:
    """List registrations with their deployments."""
    rows = registry.list_platforms()
    if not rows:
        click.echo("no registration")
    for p in rows:
        state = "active" if p.active else "INACTIVE"
        deployments = ",".join(d.deployment_id for d in p.deployments)
        extra = f"\tframe-origins={p.frame_origins}" if p.frame_origins else ""
        click.echo(
            f"{p.issuer}\t{p.client_id}\t{state}\tdeployments={deployments}{extra}"
        )


def _issuer_client(command: click.Command) -> click.Command:
    command = click.option("--client-id", required=True)(command)
    return click.option("--issuer", required=True)(command)


@platforms.command("remove")
@_issuer_client
def platforms_remove(issuer: str, client_id: str) -> None:
    """Delete a registration and its deployments."""
    with _click_errors():
        registry.remove_platform(issuer, client_id)
    click.echo(f"removed {issuer} client {client_id}")


@platforms.command("frame-origins")
@_issuer_client
@click.argument("origins", nargs=-1)
def platforms_frame_origins(
    issuer: str, client_id: str, origins: tuple[str, ...]
) -> None:
    """Set the origins, besides the issuer's, that may frame the tool (none: clear)."""
    with _click_errors():
        platform = registry.set_frame_origins(issuer, client_id, origins)
    click.echo(
        f"frame origins of {issuer} client {client_id}: "
        + (platform.frame_origins or "the issuer's only")
    )


def _add_toggle(name: str, active: bool, help_text: str) -> None:
    """``platforms activate`` and ``platforms deactivate`` differ only by the flag."""

    @platforms.command(name, help=help_text)
    @_issuer_client
    def toggle(issuer: str, client_id: str) -> None:
        with _click_errors():
            registry.set_active(issuer, client_id, active=active)
        click.echo(f"{name}d {issuer} client {client_id}")


_add_toggle(
    "deactivate", False, "Refuse launches from this registration until activated."
)
_add_toggle("activate", True, "Accept launches from this registration again.")


@platforms.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def platforms_import(file: Path) -> None:
    """Import registrations from a pylti1p3 JSON configuration file."""
    with _click_errors():
        imported = registry.import_file(file)
    click.echo(f"imported {len(imported)} registration(s)")


@keys.command("rotate")
@click.option(
    "--after",
    "after_hours",
    type=click.FloatRange(min=0),
    default=None,
    help="Hours before the new key starts signing (default: the setting, 24).",
)
def keys_rotate(after_hours: float | None) -> None:
    """Publish a new key now; sign with it after the delay."""
    from flask import current_app

    delay = (
        after_hours
        if after_hours is not None
        else float(current_app.config["CARTABLE_KEY_ROTATION_HOURS"])
    )
    key = tool_keys.rotate(delay)
    click.echo(f"published {key.kid}; signs from {key.signs_from:%Y-%m-%d %H:%M} UTC")


@keys.command("prune")
@click.option(
    "--older-than",
    "days",
    type=click.FloatRange(min=0),
    required=True,
    help="Remove keys retired for more than this many days.",
)
def keys_prune(days: float) -> None:
    """Remove retired keys from the JWKS and the disk."""
    removed = tool_keys.prune(days)
    click.echo(
        f"removed {len(removed)} key(s)"
        + (": " + ", ".join(removed) if removed else "")
    )


@keys.command("list")
def keys_list() -> None:
    """Show every published key and its state."""
    for state in tool_keys.key_states():
        status = (
            "signing"
            if state.signing
            else ("retired" if state.retired_at else "pending")
        )
        click.echo(
            f"{state.kid}\t{status}\tsigns from {state.signs_from:%Y-%m-%d %H:%M}"
        )


@store.command("purge")
def store_purge() -> None:
    """Delete expired entries of the database store."""
    click.echo(f"purged {SqlStore().purge()} entries")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from lti_app.diagnostics.cli import diagnostics_url
    from lti_app.registration.cli import registration_url

    platforms.add_command(registration_url)
    app.cli.add_command(diagnostics_url)
    for group in (platforms, keys, store, storage):
        app.cli.add_command(group)
    from lti_app.references.cli import bib

    app.cli.add_command(bib)
    from lti_app.demo import demo

    app.cli.add_command(demo)
    from lti_app.outbox.cli import worker

    app.cli.add_command(worker)
    from lti_app.deploy_check.cli import check_deploy

    app.cli.add_command(check_deploy)
    from lti_app.submissions.retention_jobs import retention

    app.cli.add_command(retention)
