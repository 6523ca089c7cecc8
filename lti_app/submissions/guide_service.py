"""Write side of marking guides: check, save, copy an assignment's criteria.

A guide is saved whole, in one transaction, and only when its criteria add up to
the assignment's points. Criteria keep their ids across edits (scores already
given on them stay); a criterion removed takes its scores and bank along.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from lti_app.extensions import db
from lti_app.submissions.guide_errors import (
    CriterionFieldError,
    GuideCountError,
    GuideTotalError,
    LevelsError,
)
from lti_app.submissions.guide_models import Criterion, CriterionScore
from lti_app.submissions.models import Assignment

MAX_CRITERIA = 30
MAX_LEVELS = 8
MAX_TITLE = 200
MAX_TEXT = 4000
MAX_POINTS = 1000.0


@dataclass(frozen=True)
class Level:
    """A named level of a rubric row, worth ``points``."""

    title: str
    points: float
    description: str = ""


@dataclass(frozen=True)
class CriterionInput:
    """A criterion as a form or an imported file gives it (``id``: an edited one)."""

    title: str
    max_points: float
    student_text: str = ""
    marker_text: str = ""
    levels: tuple[Level, ...] = field(default_factory=tuple)
    id: int | None = None


def list_criteria(assignment: Assignment) -> list[Criterion]:
    """The assignment's criteria, in order."""
    return list(
        db.session.scalars(
            select(Criterion)
            .where(
                Criterion.assignment_id == assignment.id,
                Criterion.course_id == assignment.course_id,
            )
            .order_by(Criterion.position, Criterion.id)
        )
    )


def count_scores(assignment: Assignment) -> int:
    """How many criterion scores were given on this assignment's guide."""
    return int(
        db.session.scalar(
            select(func.count(CriterionScore.id))
            .join(Criterion, Criterion.id == CriterionScore.criterion_id)
            .where(
                Criterion.assignment_id == assignment.id,
                Criterion.course_id == assignment.course_id,
            )
        )
        or 0
    )


def total_of(values: list[float]) -> float:
    """Points added without float noise (0.1 + 0.2 is 0.3 here)."""
    return round(math.fsum(values), 2)


def _check_one(number: int, item: CriterionInput) -> None:
    # NUL is no character of a text, and PostgreSQL refuses it in a TEXT column.
    if not item.title.strip() or len(item.title) > MAX_TITLE or "\x00" in item.title:
        raise CriterionFieldError(number, "title")
    for name in ("student_text", "marker_text"):
        if len(getattr(item, name)) > MAX_TEXT or "\x00" in getattr(item, name):
            raise CriterionFieldError(number, name)
    points = item.max_points
    if not (isinstance(points, float | int) and 0 < points <= MAX_POINTS):
        raise CriterionFieldError(number, "max_points")  # also refuses NaN
    if item.levels:
        _check_levels(number, item)


def _check_levels(number: int, item: CriterionInput) -> None:
    marks = [round(level.points, 2) for level in item.levels]
    if (
        len(item.levels) > MAX_LEVELS
        or len(set(marks)) != len(marks)
        or any(not (0 <= m <= item.max_points) for m in marks)
        or max(marks) != round(item.max_points, 2)
        or any(not lv.title.strip() or len(lv.title) > MAX_TITLE for lv in item.levels)
        or any(len(lv.description) > MAX_TEXT for lv in item.levels)
        or any("\x00" in lv.title + lv.description for lv in item.levels)
        # One level is one "points | title | description" line in the editor.
        or any(
            "|" in lv.title or _multiline(lv.title + lv.description)
            for lv in item.levels
        )
    ):
        raise LevelsError(number, MAX_LEVELS)


def _multiline(text: str) -> bool:
    return len(text.splitlines()) > 1 or text.endswith(("\n", "\r"))


def check_guide(items: list[CriterionInput], points: float) -> None:
    """Refuse a guide with no or too many criteria, a bad field, a wrong total."""
    if not 1 <= len(items) <= MAX_CRITERIA:
        raise GuideCountError(MAX_CRITERIA)
    for number, item in enumerate(items, start=1):
        _check_one(number, item)
    total = total_of([item.max_points for item in items])
    if total != round(points, 2):
        raise GuideTotalError(total, points)


def _levels_json(levels: tuple[Level, ...]) -> list[dict[str, Any]]:
    return [{"title": lv.title.strip(), "points": round(float(lv.points), 2),
             "description": lv.description.strip()} for lv in levels]  # fmt: skip


def levels_of(criterion: Criterion) -> tuple[Level, ...]:
    """A stored criterion's levels as values."""
    return tuple(
        Level(str(lv["title"]), float(lv["points"]), str(lv.get("description", "")))
        for lv in criterion.levels or []
    )


def _apply(row: Criterion, position: int, item: CriterionInput) -> None:
    row.position, row.title = position, item.title.strip()
    row.student_text, row.marker_text = (
        item.student_text.strip(),
        item.marker_text.strip(),
    )
    row.max_points = round(float(item.max_points), 2)
    row.levels = _levels_json(item.levels)


def _write(assignment: Assignment, items: list[CriterionInput]) -> list[Criterion]:
    existing = {row.id: row for row in list_criteria(assignment)}
    kept: list[Criterion] = []
    for position, item in enumerate(items):
        # An id from another assignment or course is not ours: a new criterion.
        row = existing.pop(item.id, None) if item.id is not None else None
        if row is None:
            row = Criterion(course_id=assignment.course_id, assignment_id=assignment.id)
            db.session.add(row)
        _apply(row, position, item)
        kept.append(row)
    for gone in existing.values():
        db.session.delete(gone)
    return kept


def save_guide(assignment: Assignment, items: list[CriterionInput]) -> list[Criterion]:
    """Check and save the whole guide, in order; one transaction."""
    check_guide(items, assignment.points)
    kept = _write(assignment, items)
    db.session.commit()
    return kept


def delete_guide(assignment: Assignment) -> None:
    """Back to one score per student (criterion scores and bank go too)."""
    for row in list_criteria(assignment):
        db.session.delete(row)
    db.session.commit()


def copy_guide(source: Assignment, target: Assignment) -> int:
    """Copy the criteria onto a copied assignment (never scores nor bank); not
    committed."""
    rows = list_criteria(source)
    for row in rows:
        db.session.add(Criterion(
            course_id=target.course_id, assignment_id=target.id, position=row.position,
            title=row.title, student_text=row.student_text, marker_text=row.marker_text,
            max_points=row.max_points, levels=[dict(lv) for lv in row.levels or []],
        ))  # fmt: skip
    return len(rows)


def as_inputs(criteria: list[Criterion]) -> list[CriterionInput]:
    """Stored criteria as inputs (what the editor and the exports start from)."""
    return [
        CriterionInput(title=c.title, max_points=c.max_points, student_text=c.student_text,
                       marker_text=c.marker_text, levels=levels_of(c), id=c.id)
        for c in criteria
    ]  # fmt: skip
