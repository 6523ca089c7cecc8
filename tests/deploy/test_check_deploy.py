"""``flask check-deploy``: a production-like machine passes; each breakage fails
on its own line with the fix that mends it.

The machine: PostgreSQL, Redis, an SMTP server, the app behind Debian's nginx
running deploy/nginx/cartable.conf (TLS with the test certificate), the tool's
keys made as the fix says, and a worker that went round its loop once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import text

from lti_app.deploy_check import service_checks
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.outbox import heartbeat
from tests.support.live import Certificate, LiveServer
from tests.support.nginx import running_nginx
from tests.support.smtp import SmtpServer, free_port

Build = Callable[..., Flask]
# Production starts without Redis only when the operator says one process serves
# Cartable: the way to build the no-Redis cases check-deploy must still fail.
SINGLE = {"CARTABLE_RATELIMIT_SINGLE_PROCESS": True}
TRANSLATIONS = Path(__file__).resolve().parents[2] / "lti_app" / "translations"


@pytest.fixture
def deploy(
    make_app: Callable[..., Flask],
    tmp_path: Path,
    certificate: Certificate,
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Build]:
    """``deploy(backend=..., keys=True, worker=True, **settings)``: an app served
    behind nginx, made ready as the README says."""
    upstream = LiveServer()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate.cert_path))
    with running_nginx(
        tmp_path, int(upstream.url.rsplit(":", 1)[1]), certificate
    ) as url:

        def build(
            backend: str = "postgresql+redis",
            keys: bool = True,
            worker: bool = True,
            **settings: Any,
        ) -> Flask:
            production = {
                "CARTABLE_ENV": "production",
                "CARTABLE_PUBLIC_URL": url,
                "CARTABLE_PROXY_HOPS": 1,
                **smtp_server.settings(),
            }
            app = make_app(backend, **{**production, **settings})
            upstream.serve(app)
            for wanted, args in (
                (keys, "keys rotate --after 0"),
                (worker, "worker --once"),
            ):
                if wanted:
                    result = app.test_cli_runner().invoke(args=args.split())
                    assert result.exit_code == 0, result.output
            return app

        yield build
    upstream.stop()


def check(app: Flask) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["check-deploy"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def line(output: str, name: str) -> str:
    """The named line and its fix, if any."""
    found = re.search(
        rf"^(PASS|FAIL)  {re.escape(name)}: .*\n(      fix: .*\n)?", output, re.M
    )
    assert found, output
    return found[0]


def assert_fails(app: Flask, name: str, fix: str) -> str:
    code, output = check(app)
    assert code == 1, output
    shown = line(output, name)
    assert shown.startswith("FAIL"), output
    assert fix in shown, shown
    return output


def test_a_production_like_machine_passes(deploy: Build) -> None:
    code, output = check(deploy())
    assert code == 0, output
    assert "FAIL" not in output
    assert output.count("PASS") == 13
    assert output.rstrip().endswith("all 13 checks passed")
    assert "written and read back (state, limiter, caches)" in line(output, "redis")
    assert "reaches Cartable as itself" in line(
        output, "address seen through the proxy"
    )


@pytest.mark.parametrize(
    ("settings", "name", "fix"),
    [
        ({"CARTABLE_ENV": "development"}, "environment", "CARTABLE_ENV=production"),
        ({"SECRET_KEY": "ab" * 20}, "secret key", "secrets.token_urlsafe(48)"),
        (
            {"CARTABLE_PUBLIC_URL": "http://cartable.example.test"},
            "public URL",
            "https://",
        ),
        ({"CARTABLE_PROXY_HOPS": 0}, "proxy hops", "CARTABLE_PROXY_HOPS=1"),
        (
            {"CARTABLE_PROXY_HOPS": 0},
            "address seen through the proxy",
            "X-Forwarded-Proto",
        ),
        (
            {"REDIS_URL": "redis://127.0.0.1:1/0", "worker": False},
            "redis",
            "start Redis",
        ),
        (
            {"RATELIMIT_STORAGE_URI": "memory://", **SINGLE},
            "redis",
            "remove RATELIMIT_STORAGE_URI",
        ),
        ({"CARTABLE_SMTP_PORT": 1}, "smtp", "check CARTABLE_SMTP_HOST"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_broken_setting_fails_with_its_fix(
    deploy: Build, settings: dict[str, Any], name: str, fix: str
) -> None:
    assert_fails(deploy(**settings), name, fix)


def test_without_redis_the_limiter_counts_per_worker(deploy: Build) -> None:
    app = deploy("postgresql", **SINGLE)
    assert_fails(app, "redis", "REDIS_URL=redis://127.0.0.1:6379/0")


def test_sqlite_is_not_a_production_database(deploy: Build) -> None:
    app = deploy("sqlite", **SINGLE)
    assert_fails(app, "database", "DATABASE_URL=postgresql+psycopg://")


def test_unreachable_database(deploy: Build) -> None:
    app = deploy(
        "sqlite",
        **SINGLE,
        keys=False,
        worker=False,
        DATABASE_URL=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test",
    )
    assert_fails(app, "database", "pg_hba.conf")


def test_schema_behind_the_code(deploy: Build) -> None:
    app = deploy()
    with app.app_context():
        script = ScriptDirectory(app.extensions["migrate"].directory)
        head = script.get_revision(script.get_current_head())
        stamp = text("UPDATE alembic_version SET version_num = :v")
        with db.engine.begin() as connection:
            connection.execute(stamp, {"v": head.down_revision})
        try:
            output = assert_fails(
                app, "database", "run: flask --app lti_app db upgrade"
            )
        finally:
            with db.engine.begin() as connection:
                connection.execute(stamp, {"v": head.revision})
    assert head.down_revision in line(output, "database")


class _ServerClockAhead:
    """This machine's clock 30 s ahead of PostgreSQL's (a test cannot set the real one)."""

    @staticmethod
    def time() -> float:
        return time.time() + 30


def test_clock_apart_from_the_database(
    deploy: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = deploy()
    monkeypatch.setattr(service_checks, "time", _ServerClockAhead)
    output = assert_fails(app, "clock", "NTP")
    assert "+30." in line(output, "clock") or "+29." in line(output, "clock")


def test_storage_that_cannot_be_written(deploy: Build, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = deploy(CARTABLE_STORAGE_DIR=str(blocker / "files"))
    assert_fails(app, "storage", "give it to the service user")


def test_no_key_yet(deploy: Build) -> None:
    assert_fails(deploy(keys=False), "tool keys", "keys rotate --after 0")


@pytest.mark.parametrize("breakage", ["missing", "another key"])
def test_keys_not_on_this_server(deploy: Build, breakage: str) -> None:
    """A second server without the first one's key folder, or with other keys."""
    app = deploy()
    folder = Path(app.config["CARTABLE_DATA_DIR"]) / "keys"
    pems = sorted(folder.glob("*.pem"))
    if breakage == "missing":
        pems[0].unlink()
    else:
        pems[0].write_bytes(pems[1].read_bytes())
    output = assert_fails(app, "tool keys", f"copy {folder}")
    assert pems[0].stem in line(output, "tool keys")


@pytest.mark.parametrize("breakage", ["not compiled", "stale"])
def test_translations_not_compiled(
    deploy: Build, tmp_path: Path, breakage: str
) -> None:
    """As an install by pip without the build hook, or a .po edited after compiling."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    folder = tmp_path / "translations" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").read_bytes()
    (folder / "messages.po").write_bytes(po)
    if breakage == "stale":
        with (folder / "messages.po").open("rb") as source:
            catalog = read_po(source)
        catalog.delete(next(m.id for m in catalog if m.id and m.string))
        with (folder / "messages.mo").open("wb") as target:
            write_mo(target, catalog)
    app = deploy(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations"))
    expected = (
        "1 translation(s) not compiled"
        if breakage == "stale"
        else "messages.mo missing"
    )
    output = assert_fails(app, "translations", "pybabel compile")
    assert expected in line(output, "translations")


def test_worker_never_ran(deploy: Build) -> None:
    assert_fails(
        deploy(worker=False), "worker", "systemctl enable --now cartable-worker"
    )


def test_worker_stopped_long_ago(deploy: Build) -> None:
    app = deploy(worker=False)
    with app.app_context():
        heartbeat.beat(utcnow() - timedelta(minutes=10))
    output = assert_fails(app, "worker", "systemctl enable --now cartable-worker")
    assert "more than 120 s" in line(output, "worker")
