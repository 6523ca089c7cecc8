"""The import rules of STYLE.md, checked by import-linter on every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(linter), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / name
    return subprocess.run(
        [str(executable), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_lint_and_format_are_clean() -> None:
    lint = _tool("ruff", "check", "--no-cache", ".")
    assert lint.returncode == 0, lint.stdout
    formatting = _tool("ruff", "format", "--check", "--no-cache", ".")
    assert formatting.returncode == 0, formatting.stdout


def test_mypy_strict_packages_are_clean() -> None:
    """``bibliography`` and ``lti_app.lti`` are typed strictly (pyproject.toml)."""
    result = _tool("mypy", "--no-incremental", "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout
