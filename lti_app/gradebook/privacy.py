"""Grades sent to the LMS gradebook, in a person's data export; their erasure.

A sent grade is the LMS's record too: an erasure keeps the score (pseudonymised
through the person's row) and forgets the comment sent with it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.gradebook.models import GradeLineItem, GradeSync
from lti_app.privacy import PartErasure, PartExport, Person, PrivacyPart, iso_time


def _syncs(person: Person) -> list[tuple[GradeSync, str]]:
    rows = db.session.execute(
        select(GradeSync, GradeLineItem.label)
        .join(GradeLineItem, GradeLineItem.id == GradeSync.line_item_id)
        .where(GradeSync.membership_id.in_(person.membership_ids))
        .order_by(GradeSync.id)
    ).all()
    return [(sync, label) for sync, label in rows]


def export_gradebook(person: Person) -> PartExport:
    """Each score Cartable sent (or will send) to the LMS for the person."""
    return PartExport([
        {"course_id": sync.course_id, "column": label, "score": sync.score_given,
         "out_of": sync.score_maximum, "comment": sync.comment, "state": sync.state,
         "sent_at": iso_time(sync.sent_at)}
        for sync, label in _syncs(person)
    ])  # fmt: skip


def erase_gradebook(person: Person) -> PartErasure:
    """Keep each score, forget its comment."""
    syncs = _syncs(person)
    for sync, _label in syncs:
        sync.comment = ""
    return PartErasure(pseudonymised={"scores_sent": len(syncs)})


PART = PrivacyPart(
    "gradebook",
    _l("Notes envoyées au carnet de notes"),
    export_gradebook,
    erase_gradebook,
)
