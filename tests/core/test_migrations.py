"""``flask db upgrade`` builds the schema on an empty SQLite file and PG schema."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from lti_app import create_app
from lti_app.extensions import db
from tests.conftest import base_settings

TABLES = {
    "platforms",
    "deployments",
    "tool_keys",
    "store_entries",
    "users",
    "courses",
    "memberships",
    "resource_links",
    "alembic_version",
}


def _upgrade_and_inspect(tmp_path: Path, **settings: str) -> set[str]:
    app = create_app({**base_settings(tmp_path), **settings})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    return tables


def test_upgrade_on_an_empty_sqlite_file(tmp_path: Path) -> None:
    assert _upgrade_and_inspect(tmp_path) >= TABLES
    assert (tmp_path / "cartable.sqlite3").exists()


def test_upgrade_on_a_fresh_postgresql_schema(
    tmp_path: Path, fresh_schema_url: str
) -> None:
    assert _upgrade_and_inspect(tmp_path, DATABASE_URL=fresh_schema_url) >= TABLES


def test_models_match_the_migrations(tmp_path: Path) -> None:
    """No model change lacks its migration (dev LMS on: every model loaded)."""
    app = create_app({**base_settings(tmp_path), "CARTABLE_DEV_LMS": True})
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        db.engine.dispose()
    assert diff == []
