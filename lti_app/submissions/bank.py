"""The comment bank: what markers wrote on a criterion, offered again.

It grows as markers save: each criterion comment saved is added (or counted once
more when already there). The most used and most recent come first.
"""

from __future__ import annotations

from sqlalchemy import select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.submissions.guide_models import BankComment, Criterion

MAX_PER_CRITERION = 40
SHOWN = 12


def _entries(course_id: int, criterion_ids: list[int]) -> list[BankComment]:
    if not criterion_ids:
        return []
    return list(
        db.session.scalars(
            select(BankComment)
            .where(
                BankComment.course_id == course_id,
                BankComment.criterion_id.in_(criterion_ids),
            )
            .order_by(
                BankComment.uses.desc(),
                BankComment.last_used_at.desc(),
                BankComment.id.desc(),
            )
        )
    )


def remember_comments(course_id: int, comments: list[tuple[int, str]]) -> None:
    """Add each non-empty comment to its criterion's bank; not committed."""
    now = utcnow()
    for criterion_id, text in comments:
        if not text:
            continue
        entries = _entries(course_id, [criterion_id])
        same = next((e for e in entries if e.text == text), None)
        if same is not None:
            same.uses, same.last_used_at = same.uses + 1, now
            continue
        if len(entries) >= MAX_PER_CRITERION:
            db.session.delete(min(entries, key=lambda e: (e.uses, e.last_used_at)))
        db.session.add(BankComment(course_id=course_id, criterion_id=criterion_id,
                                   text=text, last_used_at=now))  # fmt: skip


def list_bank(
    criteria: list[Criterion], limit: int = SHOWN
) -> dict[int, list[BankComment]]:
    """The bank of each criterion, its first ``limit`` entries."""
    if not criteria:
        return {}
    bank: dict[int, list[BankComment]] = {c.id: [] for c in criteria}
    for entry in _entries(criteria[0].course_id, list(bank)):
        if len(bank[entry.criterion_id]) < limit:
            bank[entry.criterion_id].append(entry)
    return bank


def find_entry(criteria: list[Criterion], entry_id: int) -> BankComment | None:
    """A bank entry of one of these criteria (never another assignment's)."""
    if not criteria:
        return None
    return db.session.scalar(
        select(BankComment).where(
            BankComment.id == entry_id,
            BankComment.course_id == criteria[0].course_id,
            BankComment.criterion_id.in_([c.id for c in criteria]),
        )
    )


def forget(entry: BankComment) -> None:
    """Take a comment out of the bank (the grades that used it keep it)."""
    db.session.delete(entry)
    db.session.commit()
