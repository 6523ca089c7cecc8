"""Login on one server process, launch on another: launch state is in the shared store.

Two real ``flask run`` processes share the database (SQLite file, or PostgreSQL with
Redis) and the data dir (so their tool keys agree); nothing lives in process memory.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.conftest import REDIS_URL, TEST_SECRET
from tests.support.launcher import launch_over_http
from tests.support.live import wait_until_healthy
from tests.support.platform import Platform

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.backends


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _flask(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "lti_app", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@contextmanager
def _server(env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    """A ``flask run`` process on ``port``, ready when /healthz answers 200."""
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "lti_app",
                "run",
                "--port",
                str(port),
                "--no-reload",
                "--no-debugger",
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_healthy(base, process, log, seconds=30)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _environment(
    data_dir: Path, ports: tuple[int, int], **extra: str
) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CARTABLE_", "FLASK_"))
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    data_dir.mkdir()  # as the operator does: nothing creates it for the SQLite file
    env.update(
        SECRET_KEY=TEST_SECRET,
        CARTABLE_DATA_DIR=str(data_dir),
        CARTABLE_PUBLIC_URL=f"http://127.0.0.1:{ports[0]}",
        CARTABLE_EXTRA_TARGET_HOSTS=f"127.0.0.1:{ports[1]}",
        **extra,
    )
    return env


def _run(platform: Platform, tmp_path: Path, **settings: str) -> None:
    ports = (_free_port(), _free_port())
    env = _environment(tmp_path / "data", ports, **settings)
    _flask(env, "db", "upgrade")
    _flask(
        env,
        "platforms",
        "add",
        "--issuer",
        platform.issuer,
        "--client-id",
        platform.client_id,
        "--auth-login-url",
        platform.auth_login_url,
        "--auth-token-url",
        platform.auth_token_url,
        "--keyset-url",
        platform.jwks.url,
        "--deployment-id",
        "1",
    )
    with (
        _server(env, ports[0], tmp_path / "first.log") as first,
        _server(env, ports[1], tmp_path / "second.log") as second,
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
