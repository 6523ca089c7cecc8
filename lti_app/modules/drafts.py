"""Editor drafts: what a person typed and has not saved, one per module and person."""

from __future__ import annotations

from sqlalchemy import delete, select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.modules.models import Module, ModuleDraft

NEW = "new"  # the slot of a module not created yet


def slot_of(module: Module | None) -> str:
    """The draft slot of a module, or of the new-module editor."""
    return NEW if module is None else f"m{module.id}"


def find_draft(
    course_id: int, author_id: int, module: Module | None
) -> ModuleDraft | None:
    """This person's draft for the module (or for a new one), if any."""
    return db.session.scalar(
        select(ModuleDraft).where(
            ModuleDraft.course_id == course_id,
            ModuleDraft.author_id == author_id,
            ModuleDraft.slot == slot_of(module),
        )
    )


def find_newer_draft(
    course_id: int, author_id: int, module: Module | None
) -> ModuleDraft | None:
    """The draft, only when it was written after the module was last saved."""
    draft = find_draft(course_id, author_id, module)
    if draft is None or (module is not None and draft.updated_at <= module.updated_at):
        return None
    return draft


def save_draft(course_id: int, author_id: int, module: Module | None, title: str,
               body: str, base_revision: int | None) -> ModuleDraft:  # fmt: skip
    """Create or replace this person's draft."""
    draft = find_draft(course_id, author_id, module)
    if draft is None:
        draft = ModuleDraft(
            course_id=course_id, author_id=author_id, slot=slot_of(module),
            module_id=module.id if module else None,
        )  # fmt: skip
        db.session.add(draft)
    draft.title, draft.body = title[:255], body
    draft.base_revision = base_revision
    draft.updated_at = utcnow()
    db.session.commit()
    return draft


def clear_draft(course_id: int, author_id: int, module: Module | None) -> None:
    """Forget the draft once the text is saved (or discarded)."""
    db.session.execute(
        delete(ModuleDraft).where(
            ModuleDraft.course_id == course_id,
            ModuleDraft.author_id == author_id,
            ModuleDraft.slot == slot_of(module),
        )
    )
    db.session.commit()
