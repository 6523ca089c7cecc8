"""``flask bib import`` and ``flask bib export``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner

from bibliography.demo import demo_bibtex
from tests.references.conftest import TINY_BIB


def test_import_then_export(app: Flask, runner: FlaskCliRunner, tmp_path: Path,
                            make_course: Callable[..., int]) -> None:  # fmt: skip
    course = make_course()
    source = tmp_path / "demo.bib"
    source.write_bytes(demo_bibtex())
    first = runner.invoke(args=["bib", "import", str(source), "--course", str(course)])
    assert first.exit_code == 0, first.output
    assert "added 10, merged 0" in first.output
    again = runner.invoke(args=["bib", "import", str(source), "--course", str(course)])
    assert "added 0, merged 10 (replaced 0, kept 10), rejected 0" in again.output
    out = runner.invoke(
        args=["bib", "export", "--course", str(course), "--format", "bibtex"]
    )
    assert out.exit_code == 0
    assert out.output.count("@") == 10
    ris = runner.invoke(
        args=["bib", "export", "--course", str(course), "--format", "ris"]
    )
    assert ris.output.count("ER  -") == 10


def test_problems_exit_1(app: Flask, runner: FlaskCliRunner, tmp_path: Path,
                         make_course: Callable[..., int]) -> None:  # fmt: skip
    course = make_course()
    source = tmp_path / "mixed.bib"
    source.write_bytes(TINY_BIB + b"\n@book{broken, title={oops\n")
    result = runner.invoke(args=["bib", "import", str(source), "--course", str(course)])
    assert result.exit_code == 1
    assert "added 1" in result.output
    assert "rejected 1" in result.output
    assert "unbalanced-braces" in result.output


def test_unknown_course_and_unusable_file(app: Flask, runner: FlaskCliRunner,
                                          tmp_path: Path,
                                          make_course: Callable[..., int]) -> None:  # fmt: skip
    assert runner.invoke(args=["bib", "export", "--course", "999"]).exit_code == 1
    empty = tmp_path / "empty.bib"
    empty.write_bytes(b"")
    result = runner.invoke(
        args=["bib", "import", str(empty), "--course", str(make_course())]
    )
    assert result.exit_code == 1
    assert "InputEmpty" in result.output
