"""The references a question may be about: the reading list for students, all for staff."""

from __future__ import annotations

from sqlalchemy import select

from lti_app.extensions import db
from lti_app.references import reading
from lti_app.references.models import Reference


def _label(reference: Reference) -> str:
    year = f" ({reference.year})" if reference.year else ""
    author = reference.first_author or reference.key
    return f"{author}{year}, {reference.title or reference.key}"[:200]


def list_reference_titles(course_id: int, staff: bool) -> list[tuple[int, str]]:
    """``(id, label)`` of the references this audience may open, in reading order."""
    if not staff:
        rows = reading.list_reading_references(course_id)
    else:
        rows = list(
            db.session.scalars(
                select(Reference)
                .where(Reference.course_id == course_id, Reference.deleted_at.is_(None))
                .order_by(Reference.first_author, Reference.year, Reference.id)
            )
        )
    return [(reference.id, _label(reference)) for reference in rows]
