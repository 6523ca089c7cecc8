"""Grading with a marking guide: a score and a comment per criterion, a server total.

The total is the sum of the criterion scores, computed here and never read from the
form; until every criterion is scored the grade has no total (it is not in the
release queue). Criterion scores live on the grade, so a change sends a released
grade back to the queue like any other change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from lti_app.extensions import db
from lti_app.submissions import grade_service
from lti_app.submissions.bank import remember_comments
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.grade_service import FeedbackFile
from lti_app.submissions.guide_errors import CommentTooLongError, CriterionScoreError
from lti_app.submissions.guide_io import parse_number
from lti_app.submissions.guide_models import Criterion, CriterionScore
from lti_app.submissions.guide_service import total_of
from lti_app.submissions.models import Assignment

MAX_COMMENT = 4000


@dataclass(frozen=True)
class Scored:
    """What a marker gave on one criterion (score None: not scored yet)."""

    criterion: Criterion
    score: float | None
    comment: str


def score_field(criterion: Criterion) -> str:
    """The form field of a criterion's score (its comment: ``…-comment``)."""
    return f"criterion-{criterion.id}-score"


def comment_field(criterion: Criterion) -> str:
    """The form field of a criterion's comment."""
    return f"criterion-{criterion.id}-comment"


def _score(criterion: Criterion, text: str) -> float | None:
    if not text.strip():
        return None
    value = parse_number(text)
    marks = [float(lv["points"]) for lv in criterion.levels or []]
    if value is None or not 0 <= value <= criterion.max_points:
        raise CriterionScoreError(criterion.title, criterion.max_points)
    if marks and value not in marks:
        raise CriterionScoreError(criterion.title, criterion.max_points)
    return round(value, 2)


def parse_scores(criteria: list[Criterion], values: Mapping[str, str]) -> list[Scored]:
    """Each criterion's score and comment from posted values, checked."""
    scored = []
    for criterion in criteria:
        # NUL is no character of a comment, and PostgreSQL refuses it.
        comment = (values.get(comment_field(criterion)) or "").replace("\x00", "")
        comment = comment.strip()
        if len(comment) > MAX_COMMENT:
            raise CommentTooLongError(criterion.title, MAX_COMMENT)
        score = _score(criterion, values.get(score_field(criterion)) or "")
        scored.append(Scored(criterion, score, comment))
    return scored


def total(scored: list[Scored]) -> float | None:
    """The grade: every criterion's score added; None while one is missing."""
    scores = [s.score for s in scored]
    if not scored or any(s is None for s in scores):
        return None
    return total_of([s for s in scores if s is not None])


def scores_of(grade: Grade | None) -> dict[int, CriterionScore]:
    """A grade's criterion scores by criterion id."""
    if grade is None or grade.id is None:
        return {}
    rows = db.session.scalars(
        select(CriterionScore).where(
            CriterionScore.grade_id == grade.id,
            CriterionScore.course_id == grade.course_id,
        )
    )
    return {row.criterion_id: row for row in rows}


def _store(grade: Grade, scored: list[Scored]) -> None:
    db.session.flush()  # the grade's id
    known = scores_of(grade)
    for item in scored:
        row = known.get(item.criterion.id)
        if row is None:
            row = CriterionScore(course_id=grade.course_id, grade_id=grade.id,
                                 criterion_id=item.criterion.id)  # fmt: skip
            db.session.add(row)
        row.score, row.comment = item.score, item.comment
    remember_comments(grade.course_id, [(s.criterion.id, s.comment) for s in scored])


def save_guided_grade(assignment: Assignment, user_id: int, actor_id: int, *,
                      scored: list[Scored], feedback: str,
                      file: FeedbackFile | None = None,
                      remove_file: bool = False) -> tuple[Grade, list[str]]:  # fmt: skip
    """Record the criteria, their total as the score, the feedback; one transaction."""
    return grade_service.save_grade(
        assignment, user_id, actor_id, score=total(scored), feedback=feedback,
        file=file, remove_file=remove_file, on_save=lambda g: _store(g, scored),
    )  # fmt: skip
