"""Read side of modules: scoped lookups, lists, reading figures. Nothing writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import load_only

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.modules.models import Module, ModuleProgress, ModuleRevision, is_available


@dataclass(frozen=True)
class Figures:
    """How many students opened a module, and how many marked it read."""

    opened: int = 0
    read: int = 0


# The module page's statements, built once with bind parameters: it is the page
# students read most, and building a statement costs as much as running it.
_COURSE, _MODULE, _USER = (
    bindparam("course_id"),
    bindparam("module_id"),
    bindparam("user_id"),
)
_FIND = select(Module).where(Module.id == _MODULE, Module.course_id == _COURSE)


_FIND_WITH_PROGRESS = (
    select(Module, ModuleProgress)
    .outerjoin(
        ModuleProgress,
        (ModuleProgress.module_id == Module.id)
        & (ModuleProgress.course_id == Module.course_id)
        & (ModuleProgress.user_id == _USER),
    )
    .where(Module.id == _MODULE, Module.course_id == _COURSE)
)


def find_module(course_id: int, module_id: int, *, staff: bool) -> Module | None:
    """A module of this course; for students, only a published, available one."""
    module: Module | None = db.session.scalar(
        _FIND, {"course_id": course_id, "module_id": module_id}
    )
    return _visible(module, staff)


def find_module_and_progress(
    course_id: int, module_id: int, user_id: int, *, staff: bool
) -> tuple[Module | None, ModuleProgress | None]:
    """:func:`find_module` and this person's progress on it, in one query."""
    params = {"course_id": course_id, "module_id": module_id, "user_id": user_id}
    row = db.session.execute(_FIND_WITH_PROGRESS, params).first()
    if row is None:
        return None, None
    module = _visible(row[0], staff)
    return module, row[1] if module is not None else None


def _visible(module: Module | None, staff: bool) -> Module | None:
    if module is None or staff:
        return module
    return module if module.is_available(utcnow()) else None


def list_modules(course_id: int, *, staff: bool, deleted: bool = False) -> list[Module]:
    """Modules in order: all for staff (or the bin), available ones for students."""
    state = Module.deleted_at.is_not(None) if deleted else Module.deleted_at.is_(None)
    rows = db.session.scalars(
        select(Module)
        .where(Module.course_id == course_id, state)
        .order_by(Module.position, Module.id)
    )
    now = utcnow()
    return [m for m in rows if staff or m.is_available(now)]


def list_revisions(module: Module) -> list[ModuleRevision]:
    """Earlier versions of a module, newest first."""
    return list(
        db.session.scalars(
            select(ModuleRevision)
            .where(
                ModuleRevision.course_id == module.course_id,
                ModuleRevision.module_id == module.id,
            )
            .order_by(ModuleRevision.revision.desc())
        )
    )


def find_revision(module: Module, revision: int) -> ModuleRevision | None:
    """One earlier version of this module."""
    return db.session.scalar(
        select(ModuleRevision).where(
            ModuleRevision.course_id == module.course_id,
            ModuleRevision.module_id == module.id,
            ModuleRevision.revision == revision,
        )
    )


def read_ids(course_id: int, user_id: int) -> set[int]:
    """The modules this person marked read."""
    return set(
        db.session.scalars(
            select(ModuleProgress.module_id).where(
                ModuleProgress.course_id == course_id,
                ModuleProgress.user_id == user_id,
                ModuleProgress.read_at.is_not(None),
            )
        )
    )


def figures(course_id: int) -> dict[int, Figures]:
    """Per module: students who opened it, and who marked it read."""
    rows = db.session.execute(
        select(
            ModuleProgress.module_id,
            func.count(),
            func.count(ModuleProgress.read_at),
        )
        .where(ModuleProgress.course_id == course_id)
        .group_by(ModuleProgress.module_id)
    )
    return {row[0]: Figures(int(row[1]), int(row[2])) for row in rows}


def list_published(course_id: int) -> list[Module]:
    """Published modules outside the bin, in order: what a course link may open."""
    return list(
        db.session.scalars(
            select(Module)
            .where(
                Module.course_id == course_id,
                Module.status == "published",
                Module.deleted_at.is_(None),
            )
            .order_by(Module.position, Module.id)
        )
    )


def find_by_slug(course_id: int, slug: str, *, staff: bool) -> Module | None:
    """A module of this course by slug; for students, only an available one."""
    module: Module | None = db.session.scalar(
        select(Module).where(Module.course_id == course_id, Module.slug == slug)
    )
    if module is None or module.deleted_at is not None:
        return None
    return module if staff or module.is_available(utcnow()) else None


class Listed(Protocol):
    """What the pager and the availability check read of a module."""

    id: int
    title: str
    status: str
    available_from: datetime | None
    available_until: datetime | None
    deleted_at: datetime | None


_LISTED = (
    Module.id,
    Module.course_id,
    Module.title,
    Module.position,
    Module.status,
    Module.available_from,
    Module.available_until,
    Module.deleted_at,
)
# Columns, not entities: the text of every module is not loaded to show two titles.
_NEIGHBOURS = (
    select(*_LISTED)
    .where(Module.course_id == _COURSE, Module.deleted_at.is_(None))
    .order_by(Module.position, Module.id)
)


def neighbours(module: Module, *, staff: bool) -> tuple[Listed | None, Listed | None]:
    """The modules before and after this one in the list this person sees."""
    rows = db.session.execute(_NEIGHBOURS, {"course_id": module.course_id})
    now = utcnow()
    listed: list[Listed] = [m for m in rows if staff or is_available(m, now)]
    index = next((i for i, row in enumerate(listed) if row.id == module.id), None)
    if index is None:
        return None, None
    before = listed[index - 1] if index else None
    return before, listed[index + 1] if index + 1 < len(listed) else None


def list_module_titles(course_id: int, staff: bool) -> list[tuple[int, str]]:
    """``(id, title)`` of the modules outside the bin: all, or those students see."""
    rows = db.session.scalars(
        select(Module)
        .options(load_only(*_LISTED))
        .where(Module.course_id == course_id, Module.deleted_at.is_(None))
        .order_by(Module.position, Module.id)
    )
    now = utcnow()
    return [(m.id, m.title) for m in rows if staff or m.is_available(now)]
