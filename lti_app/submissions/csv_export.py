"""Grades as CSV, for a Moodle whose grade sync is off (Grades > Import > CSV).

Only released grades carry a score and a comment: an export never shows what
students cannot see yet. ``Identifiant`` is the LMS user id (``sub``, Moodle's
user id) to map on import. Cells that a spreadsheet would run as a formula are
prefixed with a quote.
"""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from lti_app.submissions.grade_models import Grade
from lti_app.submissions.grading import Row
from lti_app.submissions.guide_grading import scores_of
from lti_app.submissions.guide_models import Criterion
from lti_app.submissions.guide_service import list_criteria
from lti_app.submissions.models import Assignment

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    text = text or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _score(value: float) -> str:
    return f"{value:g}"


def _criterion_cells(criteria: list[Criterion], grade: Grade | None) -> list[str]:
    """One cell per criterion: its score on a released grade, else empty."""
    given = scores_of(grade) if criteria else {}
    return [
        _score(score.score)
        if (score := given.get(c.id)) is not None and score.score is not None
        else ""
        for c in criteria
    ]


def grades_csv(assignment: Assignment, rows: list[Row]) -> str:
    """The CSV text (UTF-8 with a BOM when encoded, so spreadsheets read accents)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    criteria = list_criteria(assignment)
    writer.writerow([_("Identifiant"), _("Nom"), _("Prénom"), _("Adresse de courriel"),
                     _("Note"), _("Note maximale"), _("Commentaire"), _("Publiée"),
                     *(_cell(f"{c.title} (/{c.max_points:g})") for c in criteria)])  # fmt: skip
    for row in rows:
        user, grade = row.user, row.grade
        released = grade is not None and grade.is_released and grade.score is not None
        names = ("", "", "") if row.hidden else (user.family_name or user.name,
                                                 user.given_name, user.email)  # fmt: skip
        writer.writerow([
            _cell(row.external_id), *(_cell(n) for n in names),
            _score(grade.score) if released and grade and grade.score is not None else "",
            _score(assignment.points),
            _cell(grade.feedback) if released and grade else "",
            _("oui") if released else _("non"),
            *_criterion_cells(criteria, grade if released else None),
        ])  # fmt: skip
    return "\ufeff" + out.getvalue()
