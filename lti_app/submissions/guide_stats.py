"""How the class did on each criterion: the spread of scores, for the instructor.

Every saved criterion score counts, released or not (staff see them all anyway).
A rubric row is counted by level; a numeric criterion by bands of points, so a
criterion out of 4 has five bars and one out of 40 still has a handful.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from sqlalchemy import select

from lti_app.extensions import db
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.guide_models import Criterion, CriterionScore
from lti_app.submissions.guide_service import list_criteria
from lti_app.submissions.models import Assignment

MAX_BARS = 6


@dataclass(frozen=True)
class Bar:
    """One bar, and how many students got it: a level (``label``), or the points
    from ``low`` to ``high`` (``high`` itself only when ``closed``)."""

    count: int
    label: str | None = None
    low: float = 0.0
    high: float = 0.0
    closed: bool = False


@dataclass(frozen=True)
class Spread:
    """One criterion's distribution over the class."""

    criterion: Criterion
    bars: list[Bar]
    scored: int
    mean: float | None

    @property
    def tallest(self) -> int:
        """The highest bar (at least 1, so empty charts scale)."""
        return max([1, *(bar.count for bar in self.bars)])

    @property
    def mean_ratio(self) -> float | None:
        """The mean as a share of the criterion's points (0..1)."""
        if self.mean is None:
            return None
        return self.mean / self.criterion.max_points


def _scores(assignment: Assignment) -> dict[int, list[float]]:
    rows = db.session.execute(
        select(CriterionScore.criterion_id, CriterionScore.score)
        .join(Grade, Grade.id == CriterionScore.grade_id)
        .where(
            Grade.assignment_id == assignment.id,
            Grade.course_id == assignment.course_id,
            CriterionScore.course_id == assignment.course_id,
            CriterionScore.score.is_not(None),
        )
    )
    found: dict[int, list[float]] = {}
    for criterion_id, score in rows:
        if score is not None:  # filtered above; the type does not know it
            found.setdefault(criterion_id, []).append(float(score))
    return found


def _bands(top: float) -> list[tuple[float, float, bool]]:
    """Bands of whole points; with one-point bands, full marks get their own."""
    width = max(1.0, math.ceil(top / (MAX_BARS - 1)))
    count = math.ceil(top / width)
    bands = [(i * width, min(top, (i + 1) * width), False) for i in range(count)]
    if width == 1 and bands[-1][1] == top:
        return [*bands, (top, top, True)]
    low, high, _ = bands[-1]
    return [*bands[:-1], (low, high, True)]


def _bars(criterion: Criterion, scores: list[float]) -> list[Bar]:
    if criterion.levels:
        levels = sorted(criterion.levels, key=lambda lv: float(lv["points"]))
        return [Bar(sum(s == float(lv["points"]) for s in scores),
                    f"{lv['title']} ({float(lv['points']):g})") for lv in levels]  # fmt: skip
    return [
        Bar(sum(low <= s < high or (closed and s == high) for s in scores),
            None, low, high, closed)
        for low, high, closed in _bands(criterion.max_points)
    ]  # fmt: skip


def spreads(assignment: Assignment) -> list[Spread]:
    """Each criterion with its bars, how many were scored, and the mean."""
    found = _scores(assignment)
    result = []
    for criterion in list_criteria(assignment):
        scores = found.get(criterion.id, [])
        mean = round(statistics.fmean(scores), 2) if scores else None
        result.append(Spread(criterion, _bars(criterion, scores), len(scores), mean))
    return result
