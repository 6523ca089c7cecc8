"""Module reading progress and editor drafts in a person's data export; erasure."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.modules.models import Module, ModuleDraft, ModuleProgress
from lti_app.privacy import (
    PartErasure,
    PartExport,
    Person,
    PrivacyPart,
    delete_owned,
    iso_time,
)


def export_modules(person: Person) -> PartExport:
    """When each module was first opened and marked read; unsaved drafts."""
    progress = db.session.execute(
        select(ModuleProgress, Module.title)
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(ModuleProgress.user_id == person.user_id)
        .order_by(ModuleProgress.id)
    ).all()
    drafts = db.session.scalars(
        select(ModuleDraft).where(ModuleDraft.author_id == person.user_id)
    )
    return PartExport({
        "reading_progress": [
            {"course_id": row.course_id, "module": title,
             "opened_at": iso_time(row.opened_at), "read_at": iso_time(row.read_at)}
            for row, title in progress
        ],
        "drafts": [
            {"course_id": d.course_id, "title": d.title, "text": d.body,
             "updated_at": iso_time(d.updated_at)}
            for d in drafts
        ],
    })  # fmt: skip


def erase_modules(person: Person) -> PartErasure:
    """Progress and drafts are only the person's: deleted."""
    return delete_owned(person.user_id, ModuleProgress.user_id, ModuleDraft.author_id)


PART = PrivacyPart(
    "modules", _l("Progression dans les modules"), export_modules, erase_modules
)
