"""``flask demo setup`` creates the demo course with its bibliography, once."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy import func, select

from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.references import queries
from lti_app.references.models import ReadingListItem, Reference


def test_demo_setup_imports_the_bibliography_idempotently(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(
        CARTABLE_DEV_LMS=True, CARTABLE_PUBLIC_URL="https://tool.example.test"
    )
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(
            args=["demo", "setup", "--lms-url", "http://lms.example.test"]
        )
        assert result.exit_code == 0, result.output
    with app.app_context():
        (course,) = db.session.scalars(select(Course)).all()
        assert (course.context_id, course.label) == ("2", "M1-PSAS")
        count = db.session.scalar(select(func.count()).select_from(Reference))
        assert count == 10
        sections = queries.list_sections(course.id)
        assert [s.title for s in sections] == [
            "Coordination et partenariats dans l'action sociale et médico-sociale",
            "Les élu·es dans l'action sociale et médico-sociale",
        ]
        items = db.session.scalars(select(ReadingListItem)).all()
        assert len(items) == 10
        assert all(item.note for item in items)
        assert {item.importance for item in items} == {
            "essential",
            "recommended",
            "further",
        }
