"""``make demo PORT=5100``: the server's port and the public URL follow PORT."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _dry_run(*args: str) -> str:
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is not installed")
    # A venv path that does not exist: make only prints what it would run.
    done = subprocess.run(
        [make, "-n", "demo", "VENV=/nonexistent-venv", *args],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    return done.stdout


def test_demo_port_moves_the_public_url_with_it() -> None:
    commands = _dry_run("PORT=5100")
    assert "CARTABLE_PUBLIC_URL=http://127.0.0.1:5100 " in commands
    assert "--port 5100" in commands
    assert "5000" not in commands


def test_demo_default_port() -> None:
    commands = _dry_run()
    assert "CARTABLE_PUBLIC_URL=http://127.0.0.1:5000 " in commands
    assert "--port 5000" in commands
