"""What the grading page needs of the guide: criteria, values to show, the bank.

Values are strings keyed by form field, from the stored criterion scores or from
what was just posted (shown again after a refusal or a bank button without
script), so that nothing a marker typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lti_app.submissions import bank, grading
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.guide_grading import comment_field, score_field, scores_of
from lti_app.submissions.guide_models import BankComment, Criterion
from lti_app.submissions.guide_service import list_criteria
from lti_app.submissions.models import Assignment


@dataclass(frozen=True)
class Marking:
    """The guide on the grading page (no criteria: one score, as before)."""

    criteria: list[Criterion]
    values: dict[str, str]
    bank: dict[int, list[BankComment]] = field(default_factory=dict)
    focus: str | None = None


def _stored(criteria: list[Criterion], grade: Grade | None) -> dict[str, str]:
    given = scores_of(grade)
    values = {}
    for criterion in criteria:
        row = given.get(criterion.id)
        if row is not None:
            values[score_field(criterion)] = (
                "" if row.score is None else f"{row.score:g}"
            )
            values[comment_field(criterion)] = row.comment
    return values


def marking(assignment: Assignment, grade: Grade | None,
            posted: Mapping[str, str] | None = None) -> Marking:  # fmt: skip
    """The criteria with the values to show (posted ones win) and their bank."""
    criteria = list_criteria(assignment)
    if posted is None:
        values = _stored(criteria, grade)
    else:
        names = [f(c) for c in criteria for f in (score_field, comment_field)]
        values = {name: posted.get(name) or "" for name in names}
    return Marking(criteria, values, bank.list_bank(criteria))


def with_bank_comment(assignment: Assignment, posted: Mapping[str, str],
                      entry_id: int) -> Marking | None:  # fmt: skip
    """The posted values with a bank comment added to its criterion's comment;
    None when the entry is not one of this assignment's."""
    base = marking(assignment, None, posted)
    entry = bank.find_entry(base.criteria, entry_id)
    if entry is None:
        return None
    criterion = next(c for c in base.criteria if c.id == entry.criterion_id)
    name = comment_field(criterion)
    current = base.values.get(name, "").rstrip()
    base.values[name] = f"{current}\n{entry.text}" if current else entry.text
    return Marking(base.criteria, base.values, base.bank, focus=name)


def next_row(assignment: Assignment, membership_id: int) -> grading.Row | None:
    """The student after this one, in the table's order (None after the last)."""
    rows = grading.list_rows(assignment)
    ids = [row.membership.id for row in rows]
    if membership_id not in ids:
        return None
    index = ids.index(membership_id) + 1
    return rows[index] if index < len(rows) else None
