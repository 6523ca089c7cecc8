"""Row 3 of issue 16: ``storage verify --remove-orphans`` knows the feedback files.

Before, only submitted files were claimed: a feedback file was listed as an orphan,
removed, and the student's download then answered 404.
"""

# The fixtures imported from grading_support are parameters of the same name.
# ruff: noqa: F811

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.submissions.grade_models import Grade
from tests.submissions.files import pdf
from tests.submissions.grading_support import (  # noqa: F401 - fixtures
    Course,
    NewAssignment,
    add_submission,
    course,
    fetch,
    new_assignment,
)

pytestmark = pytest.mark.backends


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Flask:
    """The inventories' queries on both databases."""
    return make_app(request.param)


def _verify(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["storage", "verify", *args])


def _age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


@pytest.fixture
def feedback(app: Flask, course: Course, new_assignment: NewAssignment) -> str:
    """Student 4 sent work and got a released grade with a feedback file."""
    aid = new_assignment(course.id)
    add_submission(app, aid, course.user_id("4"), [("diapo.pdf", pdf())])
    response = course.staff.post(
        f"/submissions/{aid}/grading/{course.membership_id('4')}",
        {"score": "15", "feedback": "Voir le fichier.",
         "feedback_file": (io.BytesIO(pdf(3)), "Retour.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 303, response.text[:500]
    assert course.staff.post(f"/submissions/{aid}/grading/release").status_code == 303
    return f"/submissions/{aid}/grade/feedback-file"


def _feedback_key(app: Flask) -> str:
    with app.app_context():
        key = db.session.scalar(select(Grade.feedback_key))
    assert key
    return key


def test_feedback_files_are_claimed_and_kept(
    app: Flask, course: Course, feedback: str
) -> None:
    """The attack: the harshest removal there is leaves the feedback file alone."""
    before = fetch(course.students["4"], feedback)
    assert before.status_code == 200
    root = Path(app.config["CARTABLE_DATA_DIR"]) / "files"
    _age(root / _feedback_key(app), hours=24 * 30)
    result = _verify(app, "--remove-orphans", "--apply", "--grace-hours", "0")
    assert result.exit_code == 0, result.output
    assert "feedback files: checked 1 file(s), 0 missing, 0 corrupt" in result.output
    assert "submissions: checked 1 file(s), 0 missing, 0 corrupt" in result.output
    assert "0 orphan(s), 0 past the 0 h grace period" in result.output
    assert not [line for line in result.output.splitlines() if " orphan " in line]
    assert "removed 0 file(s)" in result.output
    after = fetch(course.students["4"], feedback)
    assert after.status_code == 200
    assert after.data == before.data


def test_a_corrupt_feedback_file_is_reported_as_one(
    app: Flask, course: Course, feedback: str
) -> None:
    path = Path(app.config["CARTABLE_DATA_DIR"]) / "files" / _feedback_key(app)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    result = _verify(app)
    assert result.exit_code == 1
    assert (
        f"CORRUPT {_feedback_key(app)} (feedback files: feedback file of grade"
        in result.output
    )
    assert "feedback files: checked 1 file(s), 0 missing, 1 corrupt" in result.output
    path.unlink()
    result = _verify(app)
    assert f"MISSING {_feedback_key(app)} (feedback files:" in result.output


def test_only_old_orphans_go_and_only_when_applied(
    app: Flask, course: Course, feedback: str
) -> None:
    folder = Path(app.config["CARTABLE_DATA_DIR"]) / "files" / "feedback" / "1"
    folder.mkdir(parents=True, exist_ok=True)
    old, young = folder / "forgotten", folder / "being-recorded"
    old.write_bytes(b"nobody's")
    young.write_bytes(b"row on its way")
    _age(old, hours=30)
    _age(young, hours=2)
    dry = _verify(app, "--remove-orphans")
    assert "would remove orphan files:feedback/1/forgotten (30.0 h old)" in dry.output
    assert "kept orphan files:feedback/1/being-recorded" in dry.output
    assert "dry run: nothing removed; add --apply to remove 1" in dry.output
    assert old.exists()
    assert young.exists()
    applied = _verify(app, "--remove-orphans", "--apply")
    assert "removed orphan files:feedback/1/forgotten" in applied.output
    assert "removed 1 file(s)" in applied.output
    assert not old.exists()
    assert young.exists()
    assert fetch(course.students["4"], feedback).status_code == 200
