"""Reading marks and suggestions in a person's data export; their erasure.

Both are the person's own: an erasure deletes them (a reference a suggestion
led to is the course's and stays), with any import they left unconfirmed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.privacy import (
    PartErasure,
    PartExport,
    Person,
    PrivacyPart,
    delete_owned,
    iso_time,
)
from lti_app.references.models import PendingImport, ReadingMark, Reference, Suggestion


def export_references(person: Person) -> PartExport:
    """Marks with the reference's title; suggestions with the answer given."""
    marks = db.session.execute(
        select(ReadingMark, Reference.title)
        .join(Reference, Reference.id == ReadingMark.reference_id)
        .where(ReadingMark.user_id == person.user_id)
        .order_by(ReadingMark.id)
    ).all()
    suggestions = db.session.scalars(
        select(Suggestion)
        .where(Suggestion.author_id == person.user_id)
        .order_by(Suggestion.id)
    )
    return PartExport({
        "reading_marks": [
            {"course_id": mark.course_id, "reference": title, "status": mark.status,
             "updated_at": iso_time(mark.updated_at)}
            for mark, title in marks
        ],
        "suggestions": [
            {"course_id": s.course_id, "kind": s.kind, "text": s.text, "doi": s.doi,
             "bibtex": s.bibtex, "status": s.status, "answer": s.answer,
             "created_at": iso_time(s.created_at), "answered_at": iso_time(s.answered_at)}
            for s in suggestions
        ],
    })  # fmt: skip


def erase_references(person: Person) -> PartErasure:
    """Marks, suggestions and pending imports are only the person's: deleted."""
    return delete_owned(person.user_id, ReadingMark.user_id, Suggestion.author_id,
                        PendingImport.created_by)  # fmt: skip


PART = PrivacyPart(
    "references", _l("Lectures et suggestions"), export_references, erase_references
)
