"""Row 10 of issue 16: a lock held past the wait gives "try again" (503), never a 500.

Another connection holds a write lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL:
the person's row ``FOR UPDATE``) while the person launches again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from lti_app.extensions import db
from tests.conftest import register
from tests.support.launcher import Launcher
from tests.support.platform import Platform, running_platform

pytestmark = pytest.mark.backends


@contextmanager
def _write_lock(app: Flask) -> Iterator[None]:
    """Hold a lock from another connection, as a long request would."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        conn = sqlite3.connect(Path(url.removeprefix("sqlite:///")), timeout=1)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.rollback()
            conn.close()
        return
    engine = create_engine(url)
    with engine.connect() as held:
        held.execute(text("SELECT id FROM users FOR UPDATE"))
        yield
        held.rollback()
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def busy_app(
    request: pytest.FixtureRequest, make_app: Callable[..., Flask]
) -> Iterator[tuple[Flask, Platform]]:
    app = make_app(request.param, CARTABLE_DB_LOCK_SECONDS=1)
    with running_platform("https://moodle.example.test", "WUiumDzTU0rgVYE", "1") as p:
        register(app, p)
        yield app, p


def _signed(launcher: Launcher, nonce: str, name: str) -> str:
    platform = launcher.platform
    return platform.sign(platform.claims(nonce, name=name))


def test_a_lock_held_too_long_is_a_503_to_try_again(
    busy_app: tuple[Flask, Platform], caplog: pytest.LogCaptureFixture
) -> None:
    app, platform = busy_app
    launcher = Launcher(app.test_client(), platform)
    assert launcher.launch().status_code == 303  # the person is known
    html, as_json, later = launcher.login(), launcher.login(), launcher.login()
    caplog.set_level(logging.INFO)
    with _write_lock(app):
        page = launcher.post(_signed(launcher, html.nonce, "Nouveau nom"), html.state)
        data = {"id_token": _signed(launcher, as_json.nonce, "Autre"),
                "state": as_json.state}  # fmt: skip
        answer = launcher.client.post(
            "/lti/launch", data=data, headers={"Accept": "application/json"}
        )
    assert page.status_code == 503, page.text[:2000]
    assert page.headers["Retry-After"] == "5"
    assert "Cartable est très occupé" in page.text
    assert "rien n’a été enregistré" in page.text
    assert '<p lang="en">Cartable is very busy' in page.text
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    assert answer.json is not None
    assert answer.json["error"] == 503
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "database busy" in logged
    assert "Nouveau nom" not in logged  # no statement, no parameters
    # The lock gone, trying again works.
    retry = launcher.post(_signed(launcher, later.nonce, "Nouveau nom"), later.state)
    assert retry.status_code == 303, retry.text[:2000]
    with app.app_context():
        assert db.session.execute(text("SELECT name FROM users")).scalars().all() == [
            "Nouveau nom"
        ]
