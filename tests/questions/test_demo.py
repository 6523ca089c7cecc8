"""The demo course's questions: seeded once, fictional people, anonymity kept."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy import select

from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.questions import queries
from lti_app.questions.models import Question

LMS = "http://lms.example.test:8100"


def test_demo_setup_seeds_questions_once(make_app: Callable[..., Flask]) -> None:
    app = make_app(CARTABLE_DEV_LMS=True, CARTABLE_PUBLIC_URL="https://t.example.test")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "setup", "--lms-url", LMS])
    assert first.exit_code == 0, first.output
    assert "demo questions: 4 added" in first.output
    second = runner.invoke(args=["demo", "setup", "--lms-url", LMS])
    assert "demo questions: 0 added" in second.output
    with app.app_context():
        course = db.session.scalars(select(Course)).one()
        rows = list(db.session.scalars(select(Question).order_by(Question.id)))
        assert len(rows) == 4
        assert rows[0].faq
        assert rows[0].pinned
        assert rows[0].subject_kind == "module"
        shared = rows[1]
        assert shared.anonymous
        assert sorted(queries.pseudonyms(shared).values()) == [0, 1]
        assert queries.counts([shared.id]).votes == {shared.id: 2}
        text = " ".join(f"{q.title} {q.body}" for q in rows).lower()
        for real in ("famechon", "moalic", "kerrouche", "@univ"):
            assert real not in text
        for question in rows:  # past activity, already read by everyone
            assert queries.unread_count(course.id, question.author_id, staff=False) == 0
