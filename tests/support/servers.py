"""Real server processes for tests: ``flask run`` or gunicorn, on a free port.

Each is ready when /healthz answers 200 (waited on, not slept for), and is
stopped at the end of its ``with`` block.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import PG_URL, TEST_SECRET
from tests.support.live import wait_until_healthy
from tests.support.platform import Platform, running_platform

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(data_dir: Path, ports: tuple[int, ...], **extra: str) -> dict[str, str]:
    """The server's environment: this process's, minus any Cartable setting."""
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
        CARTABLE_EXTRA_TARGET_HOSTS=",".join(f"127.0.0.1:{p}" for p in ports[1:]),
        **extra,
    )
    return env


def flask_cli(env: dict[str, str], *args: str) -> str:
    """Run one ``flask --app lti_app`` command; its output (it must succeed)."""
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


def prepare(env: dict[str, str], platform: Platform) -> None:
    """Migrate the database and register the platform, as the operator does."""
    flask_cli(env, "db", "upgrade")
    flask_cli(
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
        platform.deployment_id,
    )


@contextmanager
def _process(
    command: list[str], env: dict[str, str], port: int, log: Path
) -> Iterator[str]:
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until_healthy(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def flask_server(
    env: dict[str, str], port: int, log: Path
) -> AbstractContextManager[str]:
    """A threaded ``flask run`` process on ``port``; yields its base URL."""
    command = [sys.executable, "-m", "flask", "--app", "lti_app", "run",
               "--port", str(port), "--no-reload", "--no-debugger"]  # fmt: skip
    return _process(command, env, port, log)


def gunicorn_server(
    env: dict[str, str],
    port: int,
    log: Path,
    workers: int = 2,
    threads: int = 8,
    *,
    production_config: bool = False,
) -> AbstractContextManager[str]:
    """Gunicorn with several worker processes, each with threads, as in production
    (``production_config``: also with config/gunicorn.conf.py, its hooks included)."""
    config = (
        ["-c", str(ROOT / "config" / "gunicorn.conf.py")] if production_config else []
    )
    command = [sys.executable, "-m", "gunicorn", *config,
               "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads),
               "--timeout", "120", "lti_app:create_app()"]  # fmt: skip
    return _process(command, env, port, log)


@pytest.fixture
def fresh_schema_url() -> Iterator[str]:
    """A PostgreSQL schema of its own, for servers that migrate it themselves."""
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
    """The test platform, not registered: servers get it through the CLI."""
    with running_platform("https://moodle.example.test", "WUiumDzTU0rgVYE", "1") as p:
        yield p
