"""The tool's own public addresses, as an LMS must be told them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import click
from flask import current_app, url_for


def public_url(endpoint: str, **values: str) -> str:
    """An absolute URL on the tool's public base (``CARTABLE_PUBLIC_URL``)."""
    base = current_app.config["CARTABLE_PUBLIC_URL"]
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@dataclass(frozen=True)
class ToolUrls:
    """What an LMS administrator copies into the LMS for a registration by hand."""

    domain: str
    login: str
    launch: str
    jwks: str
    registration: str
    logo: str


def tool_urls() -> ToolUrls:
    """The tool's login, launch (redirect and target) and keyset URLs."""
    launch = public_url("launch.launch")
    return ToolUrls(
        domain=urlsplit(launch).netloc,
        login=public_url("launch.login"),
        launch=launch,
        jwks=public_url("launch.jwks"),
        registration=public_url("registration.register"),
        logo=public_url("static", filename="cartable.svg"),
    )


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


def printed_url_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--expires HOURS`` and ``--base-url`` for commands that print a URL to paste."""
    command = click.option(
        "--base-url", default=None, help="Default: CARTABLE_PUBLIC_URL."
    )(command)
    return click.option(
        "--expires",
        "hours",
        type=click.FloatRange(min=0.01, max=24 * 30),
        default=24.0,
        show_default=True,
        help="Hours the URL stays valid.",
    )(command)
