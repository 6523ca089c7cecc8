"""Login on one server process, launch on another: launch state is in the shared store.

Two real ``flask run`` processes share the database (SQLite file, or PostgreSQL with
Redis) and the data dir (so their tool keys agree); nothing lives in process memory.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import requests

from tests.conftest import REDIS_URL
from tests.support.launcher import launch_over_http
from tests.support.platform import Platform
from tests.support.servers import environment, flask_server, free_port, prepare

pytestmark = pytest.mark.backends


def _run(platform: Platform, tmp_path: Path, **settings: str) -> None:
    ports = (free_port(), free_port())
    env = environment(tmp_path / "data", ports, **settings)
    prepare(env, platform)
    with (
        flask_server(env, ports[0], tmp_path / "first.log") as first,
        flask_server(env, ports[1], tmp_path / "second.log") as second,
    ):
        ltik = launch_over_http(platform, first, second)
        page = requests.get(first + "/course/", params={"ltik": ltik}, timeout=10)
        assert page.status_code == 200
        assert "Coordination et partenariats" in page.text
        assert (
            requests.get(first + "/lti/jwks", timeout=10).json()
            == requests.get(second + "/lti/jwks", timeout=10).json()
        )
    logs = (tmp_path / "first.log").read_text() + (tmp_path / "second.log").read_text()
    assert "ltik=[redacted]" in logs
    assert ltik not in logs


def test_two_processes_on_one_sqlite_file(
    platform_for_servers: Platform, tmp_path: Path
) -> None:
    _run(platform_for_servers, tmp_path)


def test_two_processes_on_postgresql_and_redis(
    platform_for_servers: Platform, tmp_path: Path, fresh_schema_url: str
) -> None:
    _run(
        platform_for_servers,
        tmp_path,
        DATABASE_URL=fresh_schema_url,
        REDIS_URL=REDIS_URL,
        CARTABLE_REDIS_PREFIX=f"test:{uuid.uuid4().hex}:",
    )
