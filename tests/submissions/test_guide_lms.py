"""A guided grade reaches the LMS: the server's total, and a plain-text comment
listing every criterion with its score (the AGS platform double, over real HTTP)."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.submissions.guide_support import criteria_of, give_guide, grade_by_criteria
from tests.submissions.test_grading_lms import (  # noqa: F401 - fixtures
    Lms,
    _membership,
    assignment,
    lms,
)
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES

NBSP = "\u00a0"


def test_the_lms_gets_the_total_and_a_plain_text_comment(
    app: Flask,
    lms: Lms,  # noqa: F811
    assignment: int,  # noqa: F811
) -> None:
    give_guide(app, assignment)
    ids = [c[0] for c in criteria_of(app, assignment)]
    staff = lms.launch("3", INSTRUCTOR_ROLES)
    lms.launch("4", LEARNER_ROLES)
    saved = grade_by_criteria(
        staff, assignment, _membership(app, "4"), ids, ["3", "6,5", "4"],
        ["Qui et quand manquent.", "Origine <b>claire</b> ;\nforme à préciser.", ""],
        score="20", feedback="Travail **sérieux**.",
    )  # fmt: skip
    assert saved.status_code == 303, saved.text[:3000]
    assert staff.post(f"/submissions/{assignment}/grading/release").status_code == 303
    assert lms.worker() == 2  # the grade, and the roster refresh of the staff launch
    sent = lms.ags.items[2].grades["4"]
    assert sent["score"] == pytest.approx(13.5 / 20 * 100)  # the criteria's sum
    comment = sent["comment"]
    lines = comment.split("\n")
    assert lines[:6] == [
        f"Grille d’évaluation{NBSP}:",
        f"- Décrire la situation{NBSP}: 3 / 6 (Partielle)",
        "  Qui et quand manquent.",
        f"- Situer dans la grille de Lyet{NBSP}: 6.5 / 8",
        "  Origine <b>claire</b> ;",
        "  forme à préciser.",
    ]
    assert f"- Tensions et rapports de force{NBSP}: 4 / 6" in lines
    assert f"Total{NBSP}: 13.5 / 20" in lines
    assert lines[-1] == "Travail **sérieux**."
    # Plain text: what the marker typed, never markup Cartable added or escaped.
    for markup in ("<p>", "<br", "<ul", "<li", "<strong>", "<table", "&lt;", "&amp;"):
        assert markup not in comment
