"""Retention: exactly the expired courses' files go; the rest stays, on both backends."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from lti_app.audit import AuditEntry
from lti_app.course.models import Course, User
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.outbox import service as outbox
from lti_app.outbox.models import SENT, OutboxMessage
from lti_app.submissions.feedback_files import store_feedback_file
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.grade_service import attach_feedback_file
from lti_app.submissions.models import Assignment, Extension, SubmissionFile
from lti_app.submissions.retention_jobs import KIND
from tests.references.conftest import Browser, Person, course_id_of
from tests.submissions import files
from tests.submissions.conftest import MakeAssignment, upload
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES
from tests.support.storage_report import verify_totals


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Flask:
    return make_app(backend=request.param, CARTABLE_RETENTION_DAYS=365)


def _days_ago(days: float) -> object:
    return utcnow() - timedelta(days=days)


class Courses:
    """Courses with one uploaded file per assignment, dates then moved as wanted."""

    def __init__(self, app: Flask, person: Person, make: MakeAssignment) -> None:
        self.app, self.person, self.make = app, person, make
        self.keys: dict[str, list[str]] = {}

    def with_file(self, context: str, **dates: object) -> int:
        student = self.person("4", LEARNER_ROLES, context_id=context)
        assignment_id = self.make(context_id=context)
        response = upload(student, assignment_id, ("travail.pdf", files.pdf(1)))
        assert response.status_code == 303, response.text
        with self.app.app_context():
            db.session.execute(
                update(Assignment).where(Assignment.id == assignment_id).values(**dates)
            )
            db.session.commit()
            key = db.session.scalars(
                select(SubmissionFile.storage_key)
                .where(SubmissionFile.course_id == course_id_of(self.app, context))
                .order_by(SubmissionFile.id.desc())
            ).first()
        self.keys.setdefault(context, []).append(str(key))
        return assignment_id

    def feedback(self, context: str, assignment_id: int) -> str:
        with self.app.app_context():
            assignment = db.session.get(Assignment, assignment_id)
            stored = store_feedback_file(io.BytesIO(files.pdf(2)), "retour.pdf",
                                         assignment.course_id, 10**6)  # fmt: skip
            user = db.session.scalars(select(User.id).where(User.sub == "4")).one()
            attach_feedback_file(assignment, user, stored)
            db.session.commit()
        self.keys[context].append(stored.stored.key)
        return stored.stored.key

    def set_days(self, context: str, days: int) -> None:
        with self.app.app_context():
            course = db.session.get(Course, course_id_of(self.app, context))
            course.retention_days = days
            db.session.commit()


@pytest.fixture
def courses(app: Flask, person: Person, make_assignment: MakeAssignment) -> Courses:
    made = Courses(app, person, make_assignment)
    for context in "2BCDEFG":
        person("3", INSTRUCTOR_ROLES, context_id=context)
    done = made.with_file("2", due_at=_days_ago(400), cutoff_at=_days_ago(399))
    made.feedback("2", done)
    made.with_file("B", due_at=_days_ago(40))
    made.set_days("B", 30)
    made.with_file("C", due_at=_days_ago(100))  # 365 days not over
    made.with_file("D", due_at=_days_ago(500))
    made.with_file("D")  # running: due next week, so the whole course waits
    extended = made.with_file("E", due_at=_days_ago(400))
    with app.app_context():  # one student's extension ended 10 days ago only
        db.session.add(Extension(course_id=course_id_of(app, "E"),
                                 assignment_id=extended, user_id=db.session.scalars(
                                     select(User.id).where(User.sub == "4")).one(),
                                 due_at=_days_ago(10)))  # fmt: skip
        db.session.commit()
    made.with_file("F", due_at=_days_ago(1000))
    made.set_days("F", 0)  # no limit
    made.with_file("G", due_at=_days_ago(1000))
    made.with_file("G", due_at=None)  # no date at all: no end known
    return made


def _exists(app: Flask, key: str) -> bool:
    return (Path(app.config["CARTABLE_DATA_DIR"]) / "files" / key).is_file()


def test_dry_run_lists_exactly_the_expired_files_and_deletes_nothing(
    app: Flask, courses: Courses
) -> None:
    result = app.test_cli_runner().invoke(args=["retention", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    listed = {line.split()[2] for line in result.output.splitlines()
              if line.startswith("would delete ") and line.split()[3].startswith("(")}  # fmt: skip
    assert listed == set(courses.keys["2"] + courses.keys["B"])
    assert "would delete 3 file(s)" in result.output
    assert "in 2 course(s)" in result.output
    assert all(_exists(app, key) for keys in courses.keys.values() for key in keys)


def test_a_run_deletes_exactly_the_expired_files(app: Flask, courses: Courses) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "deleted 3 file(s)" in result.output
    gone = set(courses.keys["2"] + courses.keys["B"])
    for keys in courses.keys.values():
        for key in keys:
            assert _exists(app, key) is (key not in gone), key
    with app.app_context():
        kept = set(db.session.scalars(select(SubmissionFile.storage_key)))
        grade = db.session.scalars(select(Grade)).one()
    assert kept == {k for keys in courses.keys.values() for k in keys} - gone
    assert grade.feedback_key is None  # the grade itself stays
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry)).all()
    assert sorted(e.details["files"] for e in entries) == [1, 2]
    assert {(e.action, e.actor_role) for e in entries} == {
        ("files.expired", "operator")
    }
    verify = runner.invoke(args=["storage", "verify"])
    assert verify.exit_code == 0, verify.output
    totals = verify_totals(verify.output)
    assert (totals.missing, totals.corrupt, totals.orphans) == (0, 0, 0)
    again = runner.invoke(args=["retention", "run"])
    assert "deleted 0 file(s)" in again.output


def test_the_worker_runs_it_once_a_day(app: Flask, courses: Courses) -> None:
    with app.app_context():
        outbox.enqueue_daily(date.today())
        outbox.enqueue_daily(date.today())  # a second worker, same day: no double
        assert outbox.process_due() == 2  # retention and the nightly roster round
        messages = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == KIND)
        ).all()
        assert [m.status for m in messages] == [SENT]
    assert not any(_exists(app, key) for key in courses.keys["B"])
    assert all(_exists(app, key) for key in courses.keys["C"])


def test_staff_see_when_files_go_and_set_the_course_period(
    app: Flask, staff: Browser, student: Browser, make_assignment: MakeAssignment
) -> None:
    assignment_id = make_assignment(due_at=utcnow() + timedelta(days=7))
    page = staff.get(f"/submissions/{assignment_id}")
    assert "Conservation des fichiers" in page.text
    assert "seront supprimés le" in page.text
    assert "365 jours après la dernière échéance du cours" in page.text
    assert (
        "Conservation des fichiers"
        not in student.get(f"/submissions/{assignment_id}").text
    )
    form = staff.get(f"/submissions/{assignment_id}/edit")
    assert 'name="retention_days"' in form.text
    data = {
        "title": "Devoir", "timezone": "UTC", "accepted_kinds": "pdf", "max_mb": "20",
        "max_files": "1", "attempts_allowed": "0", "points": "20",
        "due_at": (utcnow() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "retention_days": "30",
    }  # fmt: skip
    saved = staff.post(f"/submissions/{assignment_id}/edit", data)
    assert saved.status_code == 303, saved.text
    page = staff.get(f"/submissions/{assignment_id}")
    assert "30 jours après la dernière échéance du cours" in page.text
    refused = staff.post(
        f"/submissions/{assignment_id}/edit", {**data, "retention_days": "-1"}
    )
    assert refused.status_code == 422


class _StopWorkerError(Exception):
    """Ends the worker's loop after its first round."""


def test_the_long_running_worker_queues_the_daily_job(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []  # --once: none

    def first_round_only(limit: int = 100) -> int:
        raise _StopWorkerError

    monkeypatch.setattr(outbox, "process_due", first_round_only)
    result = runner.invoke(args=["worker"])
    assert isinstance(result.exception, _StopWorkerError)
    with app.app_context():
        queued = db.session.execute(
            select(OutboxMessage.kind, OutboxMessage.dedupe_key)
        )
        today = utcnow().date().isoformat()
        roster = "roster.nightly"
        assert queued.all() == [
            (KIND, f"daily:{KIND}:{today}"),
            (roster, f"daily:{roster}:{today}"),
        ]
