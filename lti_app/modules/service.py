"""Write side of modules: each function is one unit of work and one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.modules.errors import RevisionConflictError
from lti_app.modules.markdown import slugify
from lti_app.modules.models import Module, ModuleProgress, ModuleRevision


@dataclass(frozen=True)
class Draft:
    """What a person typed in the editor."""

    title: str
    body: str
    available_from: datetime | None = None
    available_until: datetime | None = None


def _unique_slug(course_id: int, title: str) -> str:
    base = slugify(title)[:100]
    taken = set(
        db.session.scalars(select(Module.slug).where(Module.course_id == course_id))
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


_SLUG_ATTEMPTS = 10  # each loss means another module took a slug meanwhile


def create_module(course_id: int, actor_id: int | None, draft: Draft) -> Module:
    """A new draft module, placed last.

    Two people creating modules with the same title at once pick the same free
    slug; the database's unique constraint refuses the second, which tries again
    with the next suffix.
    """
    attempt = 1
    while True:
        slug = _unique_slug(course_id, draft.title)
        try:
            return _insert_module(course_id, actor_id, draft, slug)
        except IntegrityError:
            db.session.rollback()
            if attempt == _SLUG_ATTEMPTS or not _slug_taken(course_id, slug):
                raise
            attempt += 1


def _insert_module(
    course_id: int, actor_id: int | None, draft: Draft, slug: str
) -> Module:
    last = db.session.scalar(
        select(func.max(Module.position)).where(Module.course_id == course_id)
    )
    module = Module(
        course_id=course_id, title=draft.title, slug=slug,
        position=(last or 0) + 1, body_markdown=draft.body, updated_by=actor_id,
        available_from=draft.available_from, available_until=draft.available_until,
    )  # fmt: skip
    db.session.add(module)
    db.session.commit()
    return module


def _slug_taken(course_id: int, slug: str) -> bool:
    return (
        db.session.scalar(
            select(Module.id).where(Module.course_id == course_id, Module.slug == slug)
        )
        is not None
    )


def update_module(
    module: Module, actor_id: int | None, draft: Draft, base_revision: int
) -> Module:
    """Save new text over ``base_revision``, keeping the previous text.

    The update only applies if the module is still at ``base_revision``: two
    people saving at once cannot overwrite each other; the second one is refused.
    """
    previous = ModuleRevision(
        course_id=module.course_id, module_id=module.id, revision=base_revision,
        title=module.title, body=module.body_markdown, editor_id=module.updated_by,
        edited_at=module.updated_at,
    )  # fmt: skip
    result = db.session.execute(
        update(Module)
        .where(Module.id == module.id, Module.revision == base_revision)
        .values(
            title=draft.title,
            body_markdown=draft.body,
            revision=base_revision + 1,
            available_from=draft.available_from,
            available_until=draft.available_until,
            updated_by=actor_id,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        db.session.refresh(module)
        raise RevisionConflictError(module.revision)
    db.session.add(previous)
    db.session.commit()
    db.session.refresh(module)
    return module


def restore_revision(
    module: Module, actor_id: int | None, revision: ModuleRevision
) -> Module:
    """Bring back an earlier text as a new revision (the current one is kept)."""
    draft = Draft(
        revision.title, revision.body, module.available_from, module.available_until
    )
    return update_module(module, actor_id, draft, module.revision)


def set_status(module: Module, actor_id: int | None, published: bool) -> None:
    """Publish to students, or take back to draft."""
    module.status = "published" if published else "draft"
    module.updated_by = actor_id
    db.session.commit()


def delete_module(module: Module) -> None:
    """Put the module in the bin (restorable)."""
    module.deleted_at = utcnow()
    db.session.commit()


def restore_module(module: Module) -> None:
    """Take the module out of the bin."""
    module.deleted_at = None
    db.session.commit()


def move_module(module: Module, direction: str) -> None:
    """Swap the module with its neighbour above (``up``) or below (``down``)."""
    rows = list(
        db.session.scalars(
            select(Module)
            .where(Module.course_id == module.course_id, Module.deleted_at.is_(None))
            .order_by(Module.position, Module.id)
        )
    )
    index = rows.index(module)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        row.position = position
    db.session.commit()


def record_open(module: Module, user_id: int) -> None:
    """Note the first time a student opens the module."""
    if _progress(module, user_id) is None:
        db.session.add(
            ModuleProgress(
                course_id=module.course_id, module_id=module.id, user_id=user_id
            )
        )
        db.session.commit()


def mark_read(module: Module, user_id: int, done: bool) -> None:
    """Mark the module read (or not read any more) for this person."""
    progress = _progress(module, user_id)
    if progress is None:
        progress = ModuleProgress(
            course_id=module.course_id, module_id=module.id, user_id=user_id
        )
        db.session.add(progress)
    progress.read_at = utcnow() if done else None
    db.session.commit()


def _progress(module: Module, user_id: int) -> ModuleProgress | None:
    return db.session.scalar(
        select(ModuleProgress).where(
            ModuleProgress.course_id == module.course_id,
            ModuleProgress.module_id == module.id,
            ModuleProgress.user_id == user_id,
        )
    )
