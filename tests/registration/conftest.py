"""Fixtures: an app whose public URL is https, a Moodle-like registration double."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlencode, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.registration_platform import (
    RegistrationPlatform,
    registration_platform,
)

PUBLIC_URL = "https://cartable.example.test"


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(
        CARTABLE_PUBLIC_URL=PUBLIC_URL,
        CARTABLE_REGISTRATION_ALLOWED_NETWORKS=["127.0.0.0/8"],
        CARTABLE_HTTP_TIMEOUT=0.5,
    )


@pytest.fixture
def lms() -> Iterator[RegistrationPlatform]:
    with registration_platform() as platform:
        yield platform


def new_code(app: Flask, *args: str) -> str:
    """Run ``flask platforms registration-url`` and return the code it printed."""
    result = app.test_cli_runner().invoke(args=["platforms", "registration-url", *args])
    assert result.exit_code == 0, result.output
    url = result.output.splitlines()[0]
    assert url.startswith(PUBLIC_URL + "/lti/register?code=")
    return url.split("code=", 1)[1]


@pytest.fixture
def code(app: Flask) -> str:
    return new_code(app)


RegisterFn = Callable[..., TestResponse]


@pytest.fixture
def register(client: FlaskClient, lms: RegistrationPlatform) -> RegisterFn:
    """Open the registration URL as the LMS does: code + configuration + token."""

    def open_url(
        code: str | None, configuration: str | None = None, token: str | None = ""
    ) -> TestResponse:
        query = {"code": code} if code is not None else {}
        query["openid_configuration"] = configuration or lms.configuration_url
        query["registration_token"] = lms.new_token() if token == "" else token
        query = {k: v for k, v in query.items() if v is not None}
        return client.get("/lti/register?" + urlencode(query))

    return open_url


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
