"""Students' suggestions and bibliography requests, and how staff settle them.

Students see and follow only their own; staff answer, decline or accept them
(accepting adds the reference: see :mod:`lti_app.references.adoption`).
"""

from __future__ import annotations

from sqlalchemy import func, select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.references.models import Suggestion


def create_suggestion(
    course_id: int, author_id: int, kind: str, *, text: str = "",
    doi: str | None = None, bibtex: str | None = None,
) -> Suggestion:  # fmt: skip
    """Record a suggested reference or a request, open until staff settle it."""
    now = utcnow()
    suggestion = Suggestion(
        course_id=course_id, author_id=author_id, kind=kind, text=text,
        doi=doi or None, bibtex=bibtex or None, status="open",
        created_at=now, updated_at=now,
    )  # fmt: skip
    db.session.add(suggestion)
    db.session.commit()
    return suggestion


def find_suggestion(
    course_id: int, suggestion_id: int, author_id: int | None = None
) -> Suggestion | None:
    """A suggestion of this course; of this author only when one is given."""
    query = select(Suggestion).where(
        Suggestion.id == suggestion_id, Suggestion.course_id == course_id
    )
    if author_id is not None:
        query = query.where(Suggestion.author_id == author_id)
    return db.session.scalar(query)


def list_own_suggestions(course_id: int, author_id: int) -> list[Suggestion]:
    """A student's suggestions in this course, newest first."""
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.course_id == course_id,
                   Suggestion.author_id == author_id)
            .order_by(Suggestion.created_at.desc(), Suggestion.id.desc())
        )
    )  # fmt: skip


def list_inbox(course_id: int, status: str = "open") -> list[Suggestion]:
    """The course's suggestions with this status ("" for all), oldest first."""
    query = select(Suggestion).where(Suggestion.course_id == course_id)
    if status:
        query = query.where(Suggestion.status == status)
    return list(
        db.session.scalars(query.order_by(Suggestion.created_at, Suggestion.id))
    )


def count_open_suggestions(course_id: int) -> int:
    """How many suggestions of the course wait for staff (the home's attention list)."""
    query = select(func.count(Suggestion.id)).where(
        Suggestion.course_id == course_id, Suggestion.status == "open"
    )
    return int(db.session.scalar(query) or 0)


def _settle(
    suggestion: Suggestion, actor_id: int | None, status: str, answer: str
) -> Suggestion:
    now = utcnow()
    suggestion.status, suggestion.answer = status, answer
    suggestion.answered_by, suggestion.answered_at = actor_id, now
    suggestion.updated_at = now
    db.session.commit()
    return suggestion


def answer_suggestion(
    suggestion: Suggestion, actor_id: int | None, answer: str
) -> Suggestion:
    """Answer a request (or a suggestion): the student reads the answer."""
    return _settle(suggestion, actor_id, "answered", answer)


def decline_suggestion(
    suggestion: Suggestion, actor_id: int | None, message: str
) -> Suggestion:
    """Decline a suggestion, saying why."""
    return _settle(suggestion, actor_id, "declined", message)


def mark_accepted(
    suggestion: Suggestion, actor_id: int | None, reference_id: int, message: str
) -> Suggestion:
    """Record that the suggestion became (or matched) this reference (no commit)."""
    now = utcnow()
    suggestion.status, suggestion.answer = "accepted", message
    suggestion.accepted_reference_id = reference_id
    suggestion.answered_by, suggestion.answered_at = actor_id, now
    suggestion.updated_at = now
    return suggestion
