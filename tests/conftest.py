"""Fixtures: an app per test on a migrated database, clients, a test platform."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

import lti_app
from lti_app import create_app
from lti_app.extensions import db
from lti_app.lti import registry
from tests.support.launcher import Launcher
from tests.support.platform import Platform, running_platform

pytest_plugins = [
    "tests.support.ags_fixtures",
    "tests.support.demo",
    "tests.support.smtp",
]

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
PG_URL = os.environ.get(
    "CARTABLE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("CARTABLE_TEST_REDIS", "redis://127.0.0.1:6379/0")
BACKENDS = ("sqlite", "postgresql", "postgresql+redis")


def base_settings(data_dir: Path) -> dict[str, Any]:
    """Settings every test app shares."""
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "CARTABLE_DATA_DIR": str(data_dir),
        "CARTABLE_DEV_LMS": False,
    }


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile each .po to the .mo the app reads: never test against a stale catalog."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in Path(lti_app.__file__).parent.glob("translations/*/LC_MESSAGES/*.po"):
        with po.open("rb") as source:
            catalog = read_po(source)
        partial = po.with_name(f"{po.stem}.{os.getpid()}.mo.tmp")
        with partial.open("wb") as target:
            write_mo(target, catalog)
        partial.replace(po.with_suffix(".mo"))  # atomic: xdist workers race here


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated by Alembic, copied for each test."""
    data_dir = tmp_path_factory.mktemp("template")
    app = create_app(base_settings(data_dir))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return data_dir / "cartable.sqlite3"


@pytest.fixture(scope="session")
def pg_schema(
    worker_id: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A PostgreSQL schema of this test worker, migrated once."""
    schema = f"t_{worker_id}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    data_dir = tmp_path_factory.mktemp("pg")
    app = create_app({**base_settings(data_dir), "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def _truncate(app: Flask) -> None:
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.begin() as conn:
        conn.execute(
            text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        )


@pytest.fixture
def make_app(
    tmp_path: Path, migrated_sqlite: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Flask]]:
    """Build an app on a fresh database: ``make_app(backend="postgresql", **settings)``."""
    apps: list[Flask] = []

    def build(backend: str = "sqlite", **overrides: Any) -> Flask:
        data_dir = tmp_path / f"data{len(apps)}"
        data_dir.mkdir()
        settings = base_settings(data_dir)
        if backend == "sqlite":
            shutil.copy(migrated_sqlite, data_dir / "cartable.sqlite3")
        else:
            settings["DATABASE_URL"] = request.getfixturevalue("pg_schema")
        if backend == "postgresql+redis":
            settings["REDIS_URL"] = REDIS_URL
            settings["CARTABLE_REDIS_PREFIX"] = f"test:{uuid.uuid4().hex}:"
        app = create_app({**settings, **overrides})
        if backend != "sqlite":
            with app.app_context():
                _truncate(app)
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The default app: SQLite, development LMS off."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def register(app: Flask, platform: Platform, *deployments: str) -> None:
    """Register a test platform with the tool, as ``platforms add`` would."""
    with app.app_context():
        registry.add_platform(
            registry.RegistrationInput(
                issuer=platform.issuer,
                client_id=platform.client_id,
                auth_login_url=platform.auth_login_url,
                auth_token_url=platform.auth_token_url,
                keyset_url=platform.jwks.url,
                deployment_ids=deployments or (platform.deployment_id,),
            )
        )


@pytest.fixture
def platform(app: Flask) -> Iterator[Platform]:
    """A Moodle-like platform registered with the app, JWKS over real HTTP."""
    with running_platform("https://moodle.example.test", "WUiumDzTU0rgVYE", "1") as p:
        register(app, p)
        yield p


@pytest.fixture
def launcher(client: FlaskClient, platform: Platform) -> Launcher:
    return Launcher(client, platform)


@pytest.fixture
def fresh_schema_url() -> Iterator[str]:
    """A PostgreSQL schema of its own, empty, for a test that migrates it itself."""
    schema = f"p_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def platform_for_servers() -> Iterator[Platform]:
    """A platform for tool servers in other processes (registered by their CLI)."""
    with running_platform("https://moodle.example.test", "WUiumDzTU0rgVYE", "1") as p:
        yield p
