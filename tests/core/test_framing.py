"""Row 6 of issue 16: only Cartable and the registered platforms may frame a page."""

# The fixtures imported from tests.references.conftest are parameters here.
# ruff: noqa: F811

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text
from werkzeug.test import TestResponse

from lti_app import framing
from lti_app.extensions import db
from tests.conftest import register
from tests.references.conftest import Browser, Person, person  # noqa: F401
from tests.support.platform import INSTRUCTOR_ROLES, Platform

MOODLE = "https://moodle.example.test"  # the ``platform`` fixture's issuer
STRANGER = "https://evil.example.test"


def ancestors(response: TestResponse) -> list[str]:
    """The sources of the one ``frame-ancestors`` directive of a response."""
    policy = response.headers["Content-Security-Policy"]
    found = re.findall(r"(?:^|;)\s*frame-ancestors ([^;]*)", policy)
    assert len(found) == 1, policy
    sources: list[str] = found[0].split()
    assert "*" not in policy
    assert sources[0] == "'self'"
    return sources


@pytest.fixture
def staff(person: Person, platform: Platform) -> Browser:
    return person("3", INSTRUCTOR_ROLES)


@pytest.mark.parametrize(
    "url",
    [
        "/course/",
        "/modules/",
        "/references/",
        "/questions/",
        "/submissions/",
        "/course/members",
    ],
)
def test_every_page_of_a_launch_carries_it(staff: Browser, url: str) -> None:
    response = staff.get(url)
    assert response.status_code < 500
    assert MOODLE in ancestors(response)
    assert STRANGER not in ancestors(response)


@pytest.mark.parametrize(
    "url",
    [
        "/healthz",
        "/ping",
        "/static/cartable.css",
        "/no-such-page",
        "/lti/diagnostics",
        "/lti/register",
        "/lti/launch",
        "/course/",  # without a launch: the "session missing" page
    ],
)
def test_pages_without_a_launch_carry_it_too(
    client: FlaskClient, platform: Platform, url: str
) -> None:
    response = client.get(url)
    response.close()  # a static file is streamed from an open handle
    assert MOODLE in ancestors(response)
    assert STRANGER not in ancestors(response)


def test_a_refused_launch_and_a_500_carry_it(
    make_app: Callable[..., Flask], platform: Platform
) -> None:
    app = make_app()

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("boom")

    register(app, platform)
    client = app.test_client()
    assert client.get("/boom").status_code == 500
    assert MOODLE in ancestors(client.get("/boom"))
    refused = client.post("/lti/launch", data={"id_token": "x", "state": "y"})
    assert refused.status_code == 400
    assert MOODLE in ancestors(refused)


def test_a_views_own_policy_keeps_its_rules_and_gets_ours(app: Flask) -> None:
    merged = framing._merge(
        "default-src 'none'; frame-ancestors 'self'; base-uri 'none'",
        "frame-ancestors 'self' https://a.example",
    )
    assert merged == (
        "default-src 'none'; base-uri 'none'; frame-ancestors 'self' https://a.example"
    )


def test_extra_origins_from_the_cli(
    app: Flask, client: FlaskClient, platform: Platform
) -> None:
    runner = app.test_cli_runner()
    extra = "https://moodle-cdn.example.test"
    result = runner.invoke(args=["platforms", "frame-origins", "--issuer", MOODLE,
                                 "--client-id", platform.client_id, extra + "/"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert extra in ancestors(client.get("/healthz"))
    listed = runner.invoke(args=["platforms", "list"]).output
    assert f"frame-origins={extra}" in listed
    runner.invoke(args=["platforms", "frame-origins", "--issuer", MOODLE,
                        "--client-id", platform.client_id])  # fmt: skip
    assert extra not in ancestors(client.get("/healthz"))
    runner.invoke(args=["platforms", "deactivate", "--issuer", MOODLE,
                        "--client-id", platform.client_id])  # fmt: skip
    assert ancestors(client.get("/healthz")) == ["'self'"]


@pytest.mark.parametrize(
    "origin",
    ["*", "https://*.example.test", "https://a.example.test/moodle", "ftp://a.b",
     "'self'", "https://user:pw@a.example.test", "https://a.example.test?x=1"],
)  # fmt: skip
def test_bad_frame_origins_are_refused(
    app: Flask, platform: Platform, origin: str
) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["platforms", "frame-origins", "--issuer", MOODLE,
                                 "--client-id", platform.client_id, origin])  # fmt: skip
    assert result.exit_code == 1
    assert "frame origin must" in result.output
    added = runner.invoke(args=[
        "platforms", "add", "--issuer", "https://other.example.test",
        "--client-id", "c", "--auth-login-url", "https://other.example.test/a",
        "--auth-token-url", "https://other.example.test/t",
        "--keyset-url", "https://other.example.test/k", "--deployment-id", "1",
        "--frame-origin", origin,
    ])  # fmt: skip
    assert added.exit_code == 1
    assert "frame origin must" in added.output


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    """Every SQL statement the app sends while the test runs."""
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_computed_once_not_on_every_request(
    app: Flask, client: FlaskClient, platform: Platform, statements: list[str]
) -> None:
    """Per-request CPU: the registrations are read once, then kept."""
    client.get("/ping")
    statements.clear()
    for _ in range(20):
        assert MOODLE in ancestors(client.get("/ping"))
    assert not [s for s in statements if "platforms" in s]


def test_a_change_made_by_another_process_shows_after_the_refresh(
    app: Flask, client: FlaskClient, platform: Platform,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Written outside this process's ORM: no event, so the refresh picks it up."""
    assert MOODLE in ancestors(client.get("/ping"))
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE platforms SET active = :no"), {"no": False})
    assert MOODLE in ancestors(client.get("/ping"))  # kept until the refresh
    monkeypatch.setattr(framing, "REFRESH_SECONDS", 0.0)
    assert ancestors(client.get("/ping")) == ["'self'"]


def test_a_launch_page_names_its_own_platform_even_before_the_refresh(
    app: Flask, client: FlaskClient, staff: Browser
) -> None:
    """A registration written by another worker a moment ago frames its launch."""
    app.extensions["cartable_framing"]._current = framing._build(
        frozenset(), framing._generation
    )
    assert MOODLE in ancestors(staff.get("/course/"))
    assert ancestors(client.get("/ping")) == ["'self'"]


def test_a_hand_edited_origin_cannot_add_a_directive(
    app: Flask, client: FlaskClient, platform: Platform,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    junk = "https://ok.example.test https://x.test;script-src * 'unsafe-inline'"
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE platforms SET frame_origins = :o"), {"o": junk})
    monkeypatch.setattr(framing, "REFRESH_SECONDS", 0.0)
    sources = ancestors(client.get("/ping"))
    assert sources == [
        "'self'",
        "https://moodle.example.test",
        "https://ok.example.test",
    ]


@pytest.mark.backends
def test_read_from_postgresql_too(
    make_app: Callable[..., Flask], platform: Platform
) -> None:
    app = make_app("postgresql")
    register(app, platform)
    client = app.test_client()
    assert ancestors(client.get("/ping")) == ["'self'", MOODLE]
    runner = app.test_cli_runner()
    runner.invoke(args=["platforms", "frame-origins", "--issuer", MOODLE,
                        "--client-id", platform.client_id, "https://b.example.test"])  # fmt: skip
    assert ancestors(client.get("/ping")) == [
        "'self'",
        "https://b.example.test",
        MOODLE,
    ]
