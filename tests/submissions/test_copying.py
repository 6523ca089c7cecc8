"""A copied course takes the assignments' settings and time zone, never the work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask

from lti_app import course_copy
from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.submissions import queries
from lti_app.submissions.models import Assignment, Submission
from tests.references.conftest import make_course  # noqa: F401 - a shared fixture


def test_assignments_are_copied_without_submissions(
    app: Flask,
    make_course: Callable[..., int],  # noqa: F811 - the imported fixture
) -> None:
    source, target = make_course("2"), make_course("3")
    with app.app_context():
        db.session.get(Course, source).timezone = "America/Montreal"
        assignment = Assignment(course_id=source, title="Une diapositive",
                                slug="une-diapositive", due_at=datetime(2026, 12, 1),
                                accepted_kinds=["pptx"], expected_pages=1)  # fmt: skip
        db.session.add(assignment)
        db.session.flush()
        db.session.add(Assignment(course_id=source, title="Jeté", slug="jete",
                                  deleted_at=datetime(2026, 1, 1)))  # fmt: skip
        from lti_app.course.models import User

        user = User(issuer="https://lms1.example.test", sub="9")
        db.session.add(user)
        db.session.flush()
        db.session.add(Submission(course_id=source, assignment_id=assignment.id,
                                  user_id=user.id, status="submitted"))  # fmt: skip
        db.session.commit()
        counts = course_copy.copy_content(source, target)
        db.session.commit()
        assert counts["assignments"] == 1
        (copy,) = queries.list_assignments(target)
        assert (copy.title, copy.slug, copy.due_at) == (
            "Une diapositive",
            "une-diapositive",
            datetime(2026, 12, 1),
        )
        assert (copy.accepted_kinds, copy.expected_pages) == (["pptx"], 1)
        assert db.session.query(Submission).filter_by(course_id=target).count() == 0
        assert db.session.get(Course, target).timezone == "America/Montreal"
        # A second copy adds nothing twice.
        assert course_copy.copy_content(source, target)["assignments"] == 0
