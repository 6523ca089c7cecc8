"""Grading fixtures: a course with staff and named students, assignments, work.

Launches are real (signed id_tokens through the OIDC exchange); submitted work
is written through the storage interface and recorded as the drop-off records it,
so grading tests do not depend on the upload page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.storage import get_storage
from lti_app.submissions.models import (
    Assignment,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from tests.references.conftest import Browser, course_id_of
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI

STUDENTS = {
    "4": ("Inès", "Moreau"),
    "5": ("Lucas", "Bernard"),
    "6": ("Chloé", "Lefèvre"),
}


@dataclass
class Course:
    """A launched course: its id, its staff browser, its students' browsers."""

    app: Flask
    id: int
    staff: Browser
    students: dict[str, Browser]
    context_id: str

    def user_id(self, sub: str) -> int:
        from lti_app.course.models import User

        with self.app.app_context():
            user = db.session.query(User).filter_by(sub=sub).one()
            return int(user.id)

    def membership_id(self, sub: str) -> int:
        from lti_app.course.models import Membership

        with self.app.app_context():
            row = (
                db.session.query(Membership)
                .filter_by(user_id=self.user_id(sub), course_id=self.id)
                .one()
            )
            return int(row.id)


def launch_as(app: Flask, launcher: Launcher, sub: str, roles: list[str],
              context_id: str = "2") -> Browser:  # fmt: skip
    """A real launch of ``sub`` into course ``context_id``; a cookie-less browser."""
    given, family = STUDENTS.get(sub, ("Jeanne", f"Prof{sub}"))
    context = {"id": context_id, "title": f"Cours {context_id}",
               "type": ["CourseSection"]}  # fmt: skip
    ltik = launcher.launch_token(
        sub=sub, name=f"{given} {family}", given_name=given, family_name=family,
        **{LTI + "roles": roles, LTI + "context": context},
    )  # fmt: skip
    return Browser(app, app.test_client(use_cookies=False), ltik)


@pytest.fixture
def course(app: Flask, launcher: Launcher) -> Course:
    """Course "2": instructor 3 and students 4, 5 and 6, all launched."""
    staff = launch_as(app, launcher, "3", INSTRUCTOR_ROLES)
    students = {sub: launch_as(app, launcher, sub, LEARNER_ROLES) for sub in STUDENTS}
    return Course(app, course_id_of(app, "2"), staff, students, "2")


NewAssignment = Callable[..., int]


@pytest.fixture
def new_assignment(app: Flask) -> Callable[..., int]:
    """``new_assignment(course_id, **fields)``: an assignment; returns its id."""
    count = [0]

    def create(course_id: int, **fields: Any) -> int:
        count[0] += 1
        values = {"title": "Situation de partenariat", "slug": f"situation-{count[0]}",
                  "points": 20.0, **fields}  # fmt: skip
        with app.app_context():
            row = Assignment(course_id=course_id, **values)
            db.session.add(row)
            db.session.commit()
            return int(row.id)

    return create


def add_submission(app: Flask, assignment_id: int, user_id: int,
                   files: list[tuple[str, bytes]], *, late: bool = False,
                   status: str = "submitted") -> list[int]:  # fmt: skip
    """Store the files and record them as the student's current version."""
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert assignment is not None
        now = utcnow()
        sub = Submission(course_id=assignment.course_id, assignment_id=assignment_id,
                         user_id=user_id, status=status, current_version=1,
                         submitted_at=now, late=late)  # fmt: skip
        db.session.add(sub)
        db.session.flush()
        version = SubmissionVersion(course_id=sub.course_id, submission_id=sub.id,
                                    number=1, submitted_at=now, late=late)  # fmt: skip
        db.session.add(version)
        db.session.flush()
        rows = []
        for position, (name, data) in enumerate(files):
            stored = get_storage().put(io.BytesIO(data), f"submissions/{sub.course_id}")
            kind = "pdf" if data.startswith(b"%PDF") else "pptx"
            row = SubmissionFile(course_id=sub.course_id, version_id=version.id,
                                 position=position, filename=name, size=stored.size,
                                 sha256=stored.sha256, kind=kind,
                                 content_type="application/pdf" if kind == "pdf"
                                 else "application/octet-stream",
                                 storage_key=stored.key, pages=1)  # fmt: skip
            db.session.add(row)
            rows.append(row)
        db.session.commit()
        return [int(r.id) for r in rows]


def fetch(browser: Browser, url: str) -> TestResponse:
    """GET a possibly streamed file: read it whole and close it (no open handle)."""
    response = browser.get(url)
    response.get_data()
    response.close()
    return response
