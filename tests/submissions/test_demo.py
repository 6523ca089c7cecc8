"""The demo assignment: seeded once, its text the module's, rendered safely."""

from __future__ import annotations

from flask import Flask

from lti_app.markdown_text import render
from lti_app.modules.demo_content import ASSIGNMENT
from lti_app.submissions import queries
from lti_app.submissions.demo import TITLE, seed_demo_assignment
from tests.submissions.conftest import Browser, course_id_of


def test_seeded_once_with_the_module_text(app: Flask, student: Browser) -> None:
    course = course_id_of(app)
    with app.app_context():
        assert seed_demo_assignment(course, ASSIGNMENT) is True
        assert seed_demo_assignment(course, ASSIGNMENT) is False
        (assignment,) = queries.list_assignments(course)
    assert assignment.title == TITLE
    assert assignment.expected_pages == 1
    assert assignment.accepted_kinds == ["pptx", "odp", "pdf"]
    assert "@" not in assignment.instructions
    assert "Lyet, 2008" in assignment.instructions
    assert assignment.due_at is not None
    assert assignment.cutoff_at is not None
    assert assignment.due_at < assignment.cutoff_at
    page = student.get(f"/submissions/{assignment.id}").text
    assert "<h3>Décrire</h3>" in page
    assert "une seule diapositive" in page


def test_instructions_are_sanitised() -> None:
    html = str(render('# T\n<script>alert(1)</script>\n[x](javascript:alert(1))\n'
                      '<img src=x onerror="alert(1)">'))  # fmt: skip
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert "<h3>T</h3>" in html


def test_the_demo_assignment_comes_with_the_courses_grid(
    app: Flask, student: Browser
) -> None:
    from lti_app.submissions.guide_service import list_criteria

    course = course_id_of(app)
    with app.app_context():
        seed_demo_assignment(course, ASSIGNMENT)
        (assignment,) = queries.list_assignments(course)
        criteria = list_criteria(assignment)
        assert sum(c.max_points for c in criteria) == assignment.points == 20
        titles = [c.title for c in criteria]
        assert criteria[0].levels  # the description is judged by levels
    assert titles[0] == "Décrire la situation"
    assert "Situer dans la grille de Lyet" in titles
    page = student.get(f"/submissions/{assignment.id}").text
    assert "Grille d’évaluation" in page
    assert all(title in page for title in titles)
