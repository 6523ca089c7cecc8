"""The README's production sequence, run as written on a clean clone.

The shell blocks of "Running in production" are read from the README itself, so
the README cannot drift from what works. Blocks marked ``install-test: skip``
need root (packages, users, systemd, nginx, TLS) and are not run. What differs
from a production machine, and only that:

- the dependencies come from the test virtualenv (``PYTHONPATH``, ``pip`` with
  no index and no build isolation): the README's ``pip install`` builds and
  installs Cartable itself from the clone, offline; since pip then installs no
  dependency, the ``flask`` and ``gunicorn`` commands are ``python -m`` shims;
- after step 5, the environment file gets this machine's values appended: plain
  http on a free port with no proxy (``CARTABLE_PROXY_HOPS=0``), a throwaway
  PostgreSQL schema, a Redis key prefix of its own, the data folder in the
  temporary home.

Then a test platform registers, launches in English over HTTP, and the page is
English: the compiled catalogue is in the installed package.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

from tests.conftest import REDIS_URL
from tests.support.launcher import launch_over_http
from tests.support.live import wait_until_healthy
from tests.support.platform import LTI, Platform
from tests.support.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
SECTION = re.compile(r"^## Running in production\n(.*?)^## ", re.S | re.M)
BLOCK = re.compile(r"(?:<!-- install-test: (\w+)[^>]*-->\n)?```sh\n(.*?)```", re.S)
SITE_PACKAGES = next(p for p in sys.path if p.endswith("site-packages"))


def production_blocks() -> list[tuple[str, str]]:
    """(mark, commands) of each shell block of the production section, in order."""
    section = SECTION.search((ROOT / "README.md").read_text())
    assert section, "the README has no production section"
    return [(mark or "run", body) for mark, body in BLOCK.findall(section[1])]


def _shims(folder: Path) -> Path:
    """``flask`` and ``gunicorn`` as pip would have installed them in the venv."""
    folder.mkdir()
    for name in ("flask", "gunicorn"):
        shim = folder / name
        shim.write_text(f'#!/bin/sh\nexec python -m {name} "$@"\n')
        shim.chmod(0o755)
    return folder


def _environment(home: Path) -> dict[str, str]:
    """A login shell's environment, plus the offline dependencies."""
    keep = {k: v for k, v in os.environ.items() if k in {"LANG", "LC_ALL", "TMPDIR"}}
    path = [_shims(home.parent / "shims"), Path(sys.base_prefix) / "bin"]
    return {
        **keep,
        "HOME": str(home),
        "PATH": os.pathsep.join(
            [*map(str, path), "/usr/local/bin", "/usr/bin", "/bin"]
        ),
        "PYTHONPATH": SITE_PACKAGES,
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's inverted spelling: isolation off
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "CARTABLE_GIT": str(ROOT),
        "CARTABLE_HOST": "cartable.test",
    }


def _run(
    commands: str, env: dict[str, str], home: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", commands],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _this_machine(port: int, schema_url: str, home: Path) -> str:
    """What differs from a production machine (see the module docstring)."""
    return (
        "\n# the test machine: no TLS proxy, a throwaway schema\n"
        f"CARTABLE_PUBLIC_URL=http://127.0.0.1:{port}\nCARTABLE_PROXY_HOPS=0\n"
        f"DATABASE_URL={schema_url}\nREDIS_URL={REDIS_URL}\n"
        f"CARTABLE_REDIS_PREFIX=readme:{uuid.uuid4().hex}:\n"
        f"CARTABLE_DATA_DIR={home}/data\nCARTABLE_BIND=127.0.0.1:{port}\n"
        "CARTABLE_WORKERS=2\n"
    )


def _register(platform: Platform, env: dict[str, str], home: Path) -> None:
    """``platforms add`` as in the README's "By hand", with the test platform."""
    result = _run(
        "set -a && . ~/cartable.env && set +a && . ~/venv/bin/activate && "
        "flask --app lti_app platforms add "
        f"--issuer {platform.issuer} --client-id {platform.client_id} "
        f"--auth-login-url {platform.auth_login_url} "
        f"--auth-token-url {platform.auth_token_url} "
        f"--keyset-url {platform.jwks.url} --deployment-id 1",
        env,
        home,
    )
    assert result.returncode == 0, result.stderr


def _assert_installed(env: dict[str, str], home: Path) -> None:
    """The venv runs the package pip built (templates and catalogue inside it)."""
    result = _run(
        "~/venv/bin/python -c 'import lti_app; print(lti_app.__file__, lti_app.TEMPLATES)'",
        env,
        home,
    )
    package = home / "venv" / "lib"
    assert result.stdout.startswith(str(package)), result.stdout + result.stderr
    assert f"{home}/venv/lib" in result.stdout.split()[1]
    assert list(
        package.glob(
            "python3*/site-packages/lti_app/translations/en/LC_MESSAGES/messages.mo"
        )
    )


def _check_until_the_worker_beat(commands: str, env: dict[str, str], home: Path) -> str:
    """check-deploy, again until the worker started in step 7 has gone round once."""
    deadline = time.monotonic() + 60
    while True:
        result = _run(commands, env, home)
        if "PASS  worker" in result.stdout or time.monotonic() > deadline:
            return result.stdout + result.stderr
        time.sleep(1)


def _served_launch(base: str, platform: Platform) -> None:
    """A learner launches in English: the page comes from the installed catalogue."""
    locale = {
        LTI + "launch_presentation": {"document_target": "iframe", "locale": "en"}
    }
    ltik = launch_over_http(platform, base, base, **locale)
    page = requests.get(base + "/course/", params={"ltik": ltik}, timeout=10)
    assert page.status_code == 200
    assert "Signed in as Inès Moreau" in page.text
    assert "Connecté·e" not in page.text


def test_the_readme_sequence_installs_and_serves(
    tmp_path: Path, fresh_schema_url: str, platform_for_servers: Platform
) -> None:
    started = time.monotonic()
    home = tmp_path / "srv-cartable"
    home.mkdir()
    env, port = _environment(home), free_port()
    base, log = f"http://127.0.0.1:{port}", tmp_path / "serve.log"
    server: subprocess.Popen[str] | None = None
    ran = {"run": 0, "serve": 0, "check": 0, "skip": 0}
    try:
        for mark, commands in production_blocks():
            print(
                f"{time.monotonic() - started:5.1f} s  {mark}: {commands.splitlines()[0]}"
            )
            ran[mark] += 1
            if mark == "skip":
                continue
            if mark == "serve":
                _assert_installed(env, home)
                _register(platform_for_servers, env, home)
                with log.open("w") as out:
                    server = subprocess.Popen(
                        ["bash", "-euo", "pipefail", "-c", commands],
                        env=env, cwd=home, stdout=out, stderr=subprocess.STDOUT,
                        text=True, start_new_session=True,
                    )  # fmt: skip
                wait_until_healthy(base, server, log)
                _served_launch(base, platform_for_servers)
                continue
            if mark == "check":
                output = _check_until_the_worker_beat(commands, env, home)
                # Only what TLS would bring fails here: plain http, on purpose.
                assert re.findall(r"^FAIL  ([^:]+):", output, re.M) == ["public URL"], (
                    output
                )
                assert "PASS  translations" in output
                continue
            result = _run(commands, env, home)
            assert result.returncode == 0, f"{commands}\n{result.stdout}{result.stderr}"
            if "registration-url" in commands:
                assert f"{base}/lti/register?code=" in result.stdout
            env_file = home / "cartable.env"
            if env_file.exists() and "the test machine" not in env_file.read_text():
                with env_file.open("a") as out:
                    out.write(_this_machine(port, fresh_schema_url, home))
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    assert ran["serve"] == ran["check"] == 1
    assert ran["run"] >= 3
    assert time.monotonic() - started < 150, "the sequence should take about a minute"
