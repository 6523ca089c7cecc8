"""Copy a course's modules (and their files) into a copy of the course.

Only what staff wrote: live modules with their text, status and dates, and
their attachments. Never read marks, drafts, history or cached renderings.
Rows are added to the session; the caller commits once (``course_copy``).
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lti_app.course_copy import IdMaps
from lti_app.extensions import db
from lti_app.modules.attachments import AREA, attachment_key
from lti_app.modules.models import Module, ModuleAttachment
from lti_app.storage import get_storage

_FILE_LINK = re.compile(r"/modules/([0-9]+)/files/([0-9]+)")


def count_modules(course_id: int) -> int:
    """The live modules a copy would take."""
    return int(
        db.session.scalar(
            select(func.count(Module.id)).where(
                Module.course_id == course_id, Module.deleted_at.is_(None)
            )
        )
        or 0
    )


def _copy_files(source: Module, target: Module, files: dict[int, int]) -> None:
    """Copy the module's attachments under new keys; map old ids to new."""
    rows = db.session.scalars(
        select(ModuleAttachment).where(
            ModuleAttachment.course_id == source.course_id,
            ModuleAttachment.module_id == source.id,
        )
    )
    store = get_storage(AREA)
    for row in rows:
        origin = attachment_key(row.course_id, row.stored_name)
        if not store.exists(origin):
            continue  # a file lost on disk is not worth failing the whole copy
        with store.open(origin) as handle:
            stored = store.put(handle, str(int(target.course_id)))
        copy = ModuleAttachment(
            course_id=target.course_id, module_id=target.id,
            stored_name=stored.key.rsplit("/", 1)[1], filename=row.filename,
            content_type=row.content_type, size=stored.size, sha256=stored.sha256,
        )  # fmt: skip
        db.session.add(copy)
        db.session.flush()
        files[row.id] = copy.id


def _relink(body: str, modules: dict[int, int], files: dict[int, int]) -> str:
    """Point the text's file links at the copies."""

    def swap(match: re.Match[str]) -> str:
        module_id, file_id = int(match.group(1)), int(match.group(2))
        if module_id in modules and file_id in files:
            return f"/modules/{modules[module_id]}/files/{files[file_id]}"
        return match.group(0)

    return _FILE_LINK.sub(swap, body)


def copy_modules(source_id: int, target_id: int, maps: IdMaps) -> int:
    """Copy the live modules in order; ``maps["modules"]`` maps old ids to new."""
    modules = maps.setdefault("modules", {})
    files: dict[int, int] = {}
    sources = db.session.scalars(
        select(Module)
        .where(Module.course_id == source_id, Module.deleted_at.is_(None))
        .order_by(Module.position, Module.id)
    ).all()
    copies = []
    for module in sources:
        copy = Module(
            course_id=target_id, title=module.title, slug=module.slug,
            position=module.position, body_markdown=module.body_markdown,
            status=module.status, available_from=module.available_from,
            available_until=module.available_until,
        )  # fmt: skip
        db.session.add(copy)
        db.session.flush()
        modules[module.id] = copy.id
        _copy_files(module, copy, files)
        copies.append(copy)
    for copy in copies:
        copy.body_markdown = _relink(copy.body_markdown, modules, files)
    return len(copies)
