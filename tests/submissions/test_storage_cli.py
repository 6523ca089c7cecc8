"""``flask storage verify``: every stored file rehashed, problems reported, exit code."""

from __future__ import annotations

import os
import time
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.submissions.models import SubmissionFile
from tests.submissions import files
from tests.submissions.conftest import Browser, MakeAssignment, upload


def _keys(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(SubmissionFile.storage_key)))


def test_verify_is_clean_then_finds_corrupt_missing_and_orphans(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(max_files=3)
    upload(student, aid, ("a.pdf", files.pdf(1)), ("b.pdf", files.pdf(2)),
           ("c.odp", files.odp(1)))  # fmt: skip
    runner = app.test_cli_runner()
    clean = runner.invoke(args=["storage", "verify"])
    assert clean.exit_code == 0, clean.output
    assert "submissions: checked 3 file(s), 0 missing, 0 corrupt" in clean.output
    root = Path(app.config["CARTABLE_DATA_DIR"]) / "files"
    corrupt, missing, _fine = _keys(app)
    data = bytearray((root / corrupt).read_bytes())
    data[-1] ^= 1  # one flipped bit, same size
    (root / corrupt).write_bytes(bytes(data))
    (root / missing).unlink()
    (root / "submissions" / "1" / "stray").write_bytes(b"no row")
    _age(root / "submissions" / "1" / "stray", hours=48)
    (root / "submissions" / "1" / ".tmp-interrupted").write_bytes(b"half an upload")
    report = runner.invoke(args=["storage", "verify", "--temporary-age", "0"])
    assert report.exit_code == 1
    assert f"CORRUPT {corrupt} (submissions: submission file" in report.output
    assert f"MISSING {missing} (submissions: submission file" in report.output
    assert "orphan files:submissions/1/stray (48.0 h old)" in report.output
    assert "interrupted upload files:submissions/1/.tmp-interrupted" in report.output
    assert (root / "submissions" / "1" / ".tmp-interrupted").exists()  # only listed
    dry = runner.invoke(args=["storage", "verify", "--remove-orphans",
                              "--temporary-age", "0"])  # fmt: skip
    assert "would remove orphan files:submissions/1/stray" in dry.output
    assert "dry run: nothing removed; add --apply to remove 2" in dry.output
    assert (root / "submissions" / "1" / "stray").exists()
    removed = runner.invoke(args=["storage", "verify", "--remove-orphans", "--apply",
                                  "--temporary-age", "0"])  # fmt: skip
    assert "removed orphan files:submissions/1/stray" in removed.output
    assert "removed 2 file(s)" in removed.output
    assert not (root / "submissions" / "1" / "stray").exists()
    assert not (root / "submissions" / "1" / ".tmp-interrupted").exists()


def _age(path: Path, hours: float) -> None:
    """Make a file look last written ``hours`` ago."""
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_apply_needs_remove_orphans(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["storage", "verify", "--apply"])
    assert result.exit_code == 2
    assert "--apply only goes with --remove-orphans" in result.output
