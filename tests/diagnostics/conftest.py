"""Fixtures: an app whose public URL is the test client's, and the CLI token."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from werkzeug.test import TestResponse

PUBLIC_URL = "http://localhost"


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(CARTABLE_PUBLIC_URL=PUBLIC_URL, CARTABLE_HTTP_TIMEOUT=1.0)


def printed_token(app: Flask, *args: str) -> str:
    """Run ``flask diagnostics-url`` and return the token it printed."""
    result = app.test_cli_runner().invoke(args=["diagnostics-url", *args])
    assert result.exit_code == 0, result.output
    url = result.output.splitlines()[0]
    assert "/lti/diagnostics?token=" in url
    return url.split("token=", 1)[1]


@pytest.fixture
def diagnostics(app: Flask) -> Callable[[], TestResponse]:
    """Open the page with a token printed by the CLI, in a browser of its own."""
    token = printed_token(app)

    def open_page() -> TestResponse:
        browser = app.test_client()
        return browser.get("/lti/diagnostics", query_string={"token": token})

    return open_page


def line(response: TestResponse, name: str) -> str:
    """The HTML of the diagnostic line whose title is ``name`` (the first one)."""
    text = response.text
    start = text.index(f"<strong>{name}</strong>")
    start = text.rindex("<li", 0, start)
    return text[start : text.index("\n</li>", start)]


def status(response: TestResponse, name: str) -> str:
    """The ``data-status`` of that line."""
    html = line(response, name)
    return html.split('data-status="', 1)[1].split('"', 1)[0]
