"""Marking guide helpers: the editor's form as a browser posts it, criteria read back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from lti_app.extensions import db
from lti_app.submissions.guide_models import Criterion
from lti_app.submissions.guide_service import CriterionInput, Level, save_guide
from lti_app.submissions.models import Assignment
from tests.references.conftest import Browser


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Flask:
    """Criteria (JSON levels), scores and bank on both databases."""
    return make_app(backend=request.param)


# A guide of 20 points: a rubric row, then two numeric criteria.
GRID = [
    {"title": "Décrire la situation", "max_points": "6",
     "student_text": "Qui, où, quand, comment, pourquoi.",
     "marker_text": "Les cinq éléments doivent apparaître.",
     "levels": "6 | Complète | Tout y est\n3 | Partielle\n0 | Absente"},
    {"title": "Situer dans la grille de Lyet", "max_points": "8",
     "student_text": "Origine et forme du partenariat.", "marker_text": "",
     "levels": ""},
    {"title": "Tensions et rapports de force", "max_points": "6",
     "student_text": "Qui pèse sur quoi.", "marker_text": "", "levels": ""},
]  # fmt: skip


def form_of(criteria: list[dict[str, Any]], action: str = "save") -> dict[str, Any]:
    """The editor's fields for these criteria, as a browser posts them."""
    data: dict[str, Any] = {"action": action}
    for index, criterion in enumerate(criteria):
        for name, value in criterion.items():
            data[f"criteria-{index}-{name}"] = value
    return data


def post_guide(browser: Browser, aid: int, criteria: list[dict[str, Any]],
               action: str = "save") -> TestResponse:  # fmt: skip
    """Post the editor form (one of its buttons: ``action``)."""
    return browser.post(f"/submissions/{aid}/guide", form_of(criteria, action))


def titles(app: Flask, aid: int) -> list[str]:
    """The saved criteria's titles, in order."""
    with app.app_context():
        rows = db.session.query(Criterion).filter_by(assignment_id=aid)
        return [r.title for r in rows.order_by(Criterion.position)]


def criteria_of(app: Flask, aid: int) -> list[tuple[int, str, float]]:
    """(id, title, max points) of the saved criteria, in order."""
    with app.app_context():
        rows = db.session.query(Criterion).filter_by(assignment_id=aid)
        return [(r.id, r.title, r.max_points)
                for r in rows.order_by(Criterion.position)]  # fmt: skip


def give_guide(app: Flask, aid: int) -> list[int]:
    """Save :data:`GRID` on the assignment through the service; criterion ids."""
    items = [CriterionInput(title=g["title"], max_points=float(g["max_points"]),
                            student_text=g["student_text"])
             for g in GRID]  # fmt: skip
    items[0] = CriterionInput(
        title=GRID[0]["title"], max_points=6.0, student_text=GRID[0]["student_text"],
        marker_text=GRID[0]["marker_text"],
        levels=(Level("Complète", 6, "Tout y est"), Level("Partielle", 3),
                Level("Absente", 0)),
    )  # fmt: skip
    with app.app_context():
        assignment = db.session.get(Assignment, aid)
        assert assignment is not None
        return [row.id for row in save_guide(assignment, items)]


def grade_by_criteria(browser: Browser, aid: int, mid: int, ids: list[int],
                      scores: list[str], comments: list[str] | None = None,
                      **extra: Any) -> TestResponse:  # fmt: skip
    """Post the grading form with one score (and comment) per criterion."""
    data: dict[str, Any] = {"feedback": extra.pop("feedback", ""), **extra}
    for index, cid in enumerate(ids):
        data[f"criterion-{cid}-score"] = scores[index]
        data[f"criterion-{cid}-comment"] = (comments or [""] * len(ids))[index]
    return browser.post(f"/submissions/{aid}/grading/{mid}", data,
                        content_type="multipart/form-data")  # fmt: skip
