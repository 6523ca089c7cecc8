"""A copied course takes each assignment's marking guide, never the scores given
on it nor the comment bank written about students' work."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from lti_app.course.models import Membership, User
from lti_app.extensions import db
from lti_app.submissions.guide_models import BankComment, Criterion, CriterionScore
from lti_app.submissions.models import Assignment
from tests.course.test_copy import _choose, _count
from tests.course.test_copy_assignments import (  # noqa: F401 - fixture
    Source,
    _open,
    source,
)
from tests.references.conftest import Browser, course_id_of
from tests.submissions.guide_support import give_guide, grade_by_criteria
from tests.support.launcher import Launcher, ltik_of
from tests.support.platform import INSTRUCTOR_ROLES

STUDENTS_DATA = (CriterionScore, BankComment)


def _criteria(app: Flask, course: int) -> list[tuple[Any, ...]]:
    with app.app_context():
        rows = db.session.scalars(
            select(Criterion)
            .where(Criterion.course_id == course)
            .order_by(Criterion.position)
        )
        return [(r.position, r.title, r.student_text, r.marker_text, r.max_points,
                 r.levels) for r in rows]  # fmt: skip


def _graded(app: Flask, launcher: Launcher, source: Source) -> None:  # noqa: F811
    """The source assignment gets a guide of 20 points, and student 4 a grade on it."""
    with app.app_context():
        db.session.get(Assignment, source.assignment).points = 20.0
        db.session.commit()
        user = db.session.scalars(select(User.id).where(User.sub == "4")).one()
        mid = db.session.scalars(select(Membership.id).where(
            Membership.user_id == user, Membership.course_id == source.course)).one()  # fmt: skip
    ids = give_guide(app, source.assignment)
    launched = _open(launcher, "3", INSTRUCTOR_ROLES, "2", app, source)
    teacher = Browser(app, app.test_client(use_cookies=False), ltik_of(launched))
    graded = grade_by_criteria(teacher, source.assignment, mid, ids, ["3", "7", "5"],
                               ["Vague.", "Juste.", "Bien vu."])  # fmt: skip
    assert graded.status_code == 303, graded.text[:2000]


def test_the_guide_is_copied_and_the_scores_stay(
    app: Flask,
    launcher: Launcher,
    client: FlaskClient,
    source: Source,  # noqa: F811
) -> None:
    _graded(app, launcher, source)
    before = _criteria(app, source.course)
    assert len(before) == 3
    counts = {m: _count(app, m, source.course) for m in STUDENTS_DATA}
    assert counts == {CriterionScore: 3, BankComment: 3}

    copier = _open(launcher, "3", INSTRUCTOR_ROLES, "3", app, source)
    _choose(client, ltik_of(copier), "copy")
    target = course_id_of(app, "3")
    assert _criteria(app, target) == before
    with app.app_context():
        (copy,) = db.session.scalars(
            select(Assignment).where(Assignment.course_id == target)
        ).all()
        owners = set(db.session.scalars(
            select(Criterion.assignment_id).where(Criterion.course_id == target)))  # fmt: skip
    assert owners == {copy.id}
    for model in STUDENTS_DATA:
        assert _count(app, model, target) == 0, model.__name__
    # The source keeps its guide, its scores and its bank.
    assert _criteria(app, source.course) == before
    assert {m: _count(app, m, source.course) for m in STUDENTS_DATA} == counts
