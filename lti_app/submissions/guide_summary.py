"""A graded guide in plain words: the LMS comment, and per-criterion results.

The LMS gradebook shows the comment as text: no HTML, no Markdown added, one
line per criterion with its score, then the marker's comment on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from lti_app.submissions.grade_models import Grade
from lti_app.submissions.guide_grading import scores_of
from lti_app.submissions.guide_models import Criterion, CriterionScore
from lti_app.submissions.guide_service import list_criteria
from lti_app.submissions.models import Assignment


def points(value: float | None) -> str:
    """A score as people write it here (``12.5``), or a dash."""
    return "—" if value is None else f"{value:g}"


@dataclass(frozen=True)
class Result:
    """One criterion of a grade: the criterion, and what was given on it."""

    criterion: Criterion
    score: CriterionScore | None

    @property
    def level(self) -> str | None:
        """The name of the level matching the score, on a rubric row."""
        if self.score is None or self.score.score is None:
            return None
        for level in self.criterion.levels or []:
            if float(level["points"]) == self.score.score:
                return str(level["title"])
        return None


def results(assignment: Assignment, grade: Grade | None) -> list[Result]:
    """Every criterion of the guide with this grade's score on it (or None)."""
    given = scores_of(grade)
    return [Result(c, given.get(c.id)) for c in list_criteria(assignment)]


def _line(result: Result) -> list[str]:
    criterion, score = result.criterion, result.score
    value = score.score if score is not None else None
    lines = [f"- {criterion.title} : {points(value)} / {points(criterion.max_points)}"]
    if result.level:
        lines[0] += f" ({result.level})"
    if score is not None and score.comment:
        lines.extend("  " + line for line in score.comment.splitlines())
    return lines


def lms_comment(assignment: Assignment, grade: Grade) -> str:
    """What the LMS receives as the grade's comment (plain text)."""
    found = results(assignment, grade)
    if not found:
        return grade.feedback
    lines = [_("Grille d’évaluation :")]
    for result in found:
        lines.extend(_line(result))
    lines.append(_("Total : %(score)s / %(points)s", score=points(grade.score),
                   points=points(assignment.points)))  # fmt: skip
    if grade.feedback:
        lines.extend(["", grade.feedback])
    return "\n".join(lines)
