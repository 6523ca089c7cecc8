"""Backup fixtures: a source app on SQLite or on its own PostgreSQL database, a
fresh target to restore into, and scratch databases dropped after the test."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lti_app import create_app
from lti_app.extensions import db
from tests.conftest import PG_URL, base_settings
from tests.references.conftest import person, staff, student  # noqa: F401
from tests.submissions.conftest import make_assignment  # noqa: F401

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def scratch_database() -> Iterator[Callable[[], str]]:
    """``scratch_database()``: the URL of a new empty PostgreSQL database."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def create() -> str:
        name = f"cartable_backup_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(PG_URL).set(database=name).render_as_string(False)

    yield create
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fresh_app(
    backend: str, tmp_path: Path, scratch_database: Callable[[], str]
) -> Iterator[Callable[..., Flask]]:
    """``fresh_app(migrated=False)``: an app on an empty database and data folder."""
    apps: list[Flask] = []

    def build(migrated: bool = False) -> Flask:
        data_dir = tmp_path / f"fresh{len(apps)}"
        data_dir.mkdir()
        settings = base_settings(data_dir)
        if backend == "postgresql":
            settings["DATABASE_URL"] = scratch_database()
        made = create_app(settings)
        if migrated:
            with made.app_context():
                upgrade()
        apps.append(made)
        return made

    yield build
    for made in apps:
        with made.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(backend: str, fresh_app: Callable[..., Flask], migrated_sqlite: Path) -> Flask:
    """The source app: migrated, on the backend under test."""
    if backend == "sqlite":
        made = fresh_app()
        shutil.copy(
            migrated_sqlite, Path(made.config["CARTABLE_DATA_DIR"]) / "cartable.sqlite3"
        )
        return made
    return fresh_app(migrated=True)


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def build_archive(app: Flask, passphrase_file: Path, path: Path) -> Path:
    """Run ``backup create`` and return the archive's path."""
    made = app.test_cli_runner().invoke(
        args=["backup", "create", str(path), "--passphrase-file", str(passphrase_file)]
    )
    assert made.exit_code == 0, made.output
    return path


def restore(app: Flask, archive: Path, passphrase_file: Path, *extra: str) -> Result:
    """Run ``backup restore`` on ``app``."""
    return app.test_cli_runner().invoke(
        args=["backup", "restore", str(archive), "--passphrase-file",
              str(passphrase_file), *extra]
    )  # fmt: skip
