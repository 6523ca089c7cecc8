"""A course copied in the LMS takes its assignments' settings, never students' work.

Through the real flow: last year's course has an assignment, a student's upload
(version and file), an extension, a released grade. The copy's teacher launches
the copied activity (``assignment:<slug>``, the course key), copies; the copied
activity then opens the copy's assignment, and the source is as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from lti_app import course_copy
from lti_app.course.copies import copy_from_source, find_pending_copy
from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.submissions import service
from lti_app.submissions.grade_models import Grade, GradeRelease
from lti_app.submissions.models import (
    Assignment,
    Extension,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from tests.course.test_copy import _choose, _count, _key, _launch, _user_id
from tests.references.conftest import Browser, course_id_of
from tests.submissions.conftest import upload
from tests.submissions.files import pptx
from tests.support.launcher import Launcher, ltik_of
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES

STUDENTS_DATA = (
    Submission,
    SubmissionVersion,
    SubmissionFile,
    Extension,
    Grade,
    GradeRelease,
)


# Every column but the row's own identity and bookkeeping: a new one is a setting.
SETTINGS = tuple(
    column.name
    for column in Assignment.__table__.columns
    if column.name not in {"id", "course_id", "created_at", "updated_at", "deleted_at"}
)


@dataclass(frozen=True)
class Source:
    course: int
    assignment: int
    target: str  # the deep-linked activity's ``cartable_target``


def _settings() -> service.Settings:
    """Every setting away from its default, so that a forgotten one shows."""
    now = utcnow().replace(microsecond=0)
    return service.Settings(
        title="Travailler sur une situation de partenariat",
        instructions="Une **seule** diapositive.",
        opens_at=now - timedelta(days=1), due_at=now + timedelta(days=20),
        cutoff_at=now + timedelta(days=27), accepted_kinds=["pptx", "odp"],
        max_bytes=5 * 1024 * 1024, max_files=2, attempts_allowed=3, points=15.0,
        require_submit=True, blind_marking=True, expected_pages=1,
    )  # fmt: skip


def _students_work(app: Flask, assignment_id: int, student: int, teacher: int) -> None:
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        course = assignment.course_id
        service.grant_extension(assignment, student, assignment.due_at
                                + timedelta(days=3), teacher)  # fmt: skip
        db.session.add(Grade(course_id=course, assignment_id=assignment_id,
                             user_id=student, score=14.0, feedback="Bien.",
                             graded_by=teacher, graded_at=utcnow(),
                             released_at=utcnow()))  # fmt: skip
        db.session.add(GradeRelease(course_id=course, assignment_id=assignment_id,
                                    released_by=teacher, count=1))  # fmt: skip
        db.session.commit()


@pytest.fixture
def source(app: Flask, launcher: Launcher, client: FlaskClient) -> Source:
    """Last year's course: an assignment, a student's upload, extension, grade."""
    assert _launch(launcher, "3", INSTRUCTOR_ROLES, "2").status_code == 303
    student = _launch(launcher, "4", LEARNER_ROLES, "2")
    course = course_id_of(app, "2")
    with app.app_context():
        service.set_time_zone(course, "America/Montreal")
        assignment = service.create_assignment(course, _settings())
        db.session.commit()
        ids = (assignment.id, f"assignment:{assignment.slug}")
    browser = Browser(app, app.test_client(use_cookies=False), ltik_of(student))
    sent = upload(browser, ids[0], ("diapo-inès.pptx", pptx()))
    assert sent.status_code in (200, 303), sent.text
    _students_work(app, ids[0], _user_id(app, "4"), _user_id(app, "3"))
    for model in (Submission, SubmissionVersion, SubmissionFile):
        assert _count(app, model, course) == 1
    return Source(course, *ids)


def _snapshot(app: Flask, source: Source) -> dict[str, Any]:
    with app.app_context():
        assignment = db.session.get(Assignment, source.assignment)
        values = {name: getattr(assignment, name) for name in SETTINGS}
        course = db.session.get(Course, source.course)
        values["timezone"] = course.timezone
        return values


def _open(launcher: Launcher, sub: str, roles: list[str], context_id: str,
          app: Flask, source: Source) -> Any:  # fmt: skip
    return _launch(launcher, sub, roles, context_id,
                   cartable_target=source.target,
                   cartable_course=_key(app, source.course))  # fmt: skip


def test_copy_takes_the_settings_and_no_student_data(
    app: Flask, launcher: Launcher, client: FlaskClient, source: Source
) -> None:
    before = _snapshot(app, source)
    counts = {m: _count(app, m, source.course) for m in STUDENTS_DATA}
    teacher = _open(launcher, "3", INSTRUCTOR_ROLES, "3", app, source)
    offer = client.get(teacher.location)
    assert "Devoirs (paramètres seulement, sans les remises) : 1" in offer.text
    _choose(client, ltik_of(teacher), "copy")
    target = course_id_of(app, "3")
    with app.app_context():
        (copy,) = db.session.scalars(
            select(Assignment).where(Assignment.course_id == target)
        ).all()
        copied = {name: getattr(copy, name) for name in SETTINGS}
        copied["timezone"] = db.session.get(Course, target).timezone
        assert copy.id != source.assignment
    assert copied == before
    for model in STUDENTS_DATA:
        assert _count(app, model, target) == 0, model.__name__
    # The source is as it was: settings, students' work, grades.
    assert _snapshot(app, source) == before
    assert {m: _count(app, m, source.course) for m in STUDENTS_DATA} == counts


def test_the_copied_activity_opens_the_copied_assignment(
    app: Flask, launcher: Launcher, client: FlaskClient, source: Source
) -> None:
    teacher = _open(launcher, "3", INSTRUCTOR_ROLES, "3", app, source)
    _choose(client, ltik_of(teacher), "copy")
    target = course_id_of(app, "3")
    with app.app_context():
        copy_id = db.session.scalars(
            select(Assignment.id).where(Assignment.course_id == target)
        ).one()
    for sub, roles in (("4", LEARNER_ROLES), ("3", INSTRUCTOR_ROLES)):
        launched = _open(launcher, sub, roles, "3", app, source)
        assert urlsplit(launched.location).path == f"/submissions/{copy_id}"
        page = client.get(launched.location)
        assert page.status_code == 200
        assert "Travailler sur une situation de partenariat" in page.text
        assert "diapo-inès" not in page.text
    # Last year's activity still opens last year's assignment.
    old = _open(launcher, "4", LEARNER_ROLES, "2", app, source)
    assert urlsplit(old.location).path == f"/submissions/{source.assignment}"
    assert "diapo-inès" in client.get(old.location).text


def test_a_failed_copy_keeps_no_assignment(
    app: Flask, launcher: Launcher, source: Source
) -> None:
    """The copier only adds to the session: a later failure rolls it all back."""

    def fail(source_id: int, target_id: int, maps: course_copy.IdMaps) -> int:
        raise RuntimeError("disk full")

    course_copy.register_copier(
        app, course_copy.Copier("boom", "Boom", lambda course: 0, fail)
    )
    _open(launcher, "3", INSTRUCTOR_ROLES, "3", app, source)
    target = course_id_of(app, "3")
    with app.app_context():
        row = find_pending_copy(target)
        assert row is not None
        with pytest.raises(RuntimeError):
            copy_from_source(row, _user_id(app, "3"))
        assert find_pending_copy(target) is not None
    assert _count(app, Assignment, target) == 0
    assert _count(app, Assignment, source.course) == 1


def test_an_assignment_in_the_bin_stays_behind(
    app: Flask, launcher: Launcher, client: FlaskClient, source: Source
) -> None:
    with app.app_context():
        db.session.get(Assignment, source.assignment).deleted_at = datetime(2026, 1, 1)
        db.session.commit()
    teacher = _open(launcher, "3", INSTRUCTOR_ROLES, "3", app, source)
    _choose(client, ltik_of(teacher), "copy")
    assert _count(app, Assignment, course_id_of(app, "3")) == 0
