"""Write side of the bibliography: one transaction per function, history kept.

Functions take the course id and the acting user's id (None from the CLI), never
the request: views, the CLI and tests call them alike.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from bibliography import Reference as Meaning
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.references import queries
from lti_app.references.codec import Stored, search_columns
from lti_app.references.errors import KeyTaken
from lti_app.references.models import (
    CourseBibliography,
    ReadingListItem,
    ReadingListSection,
    Reference,
    ReferenceRevision,
)


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError as error:  # a concurrent write took the key first
        db.session.rollback()
        raise KeyTaken() from error
    except Exception:
        db.session.rollback()
        raise


def apply_stored(row: Reference, data: Stored) -> None:
    """Copy a stored form and its search columns onto a row (no commit)."""
    row.key = data.key
    row.key_folded = data.key.casefold()
    row.entry_type = data.entry_type
    row.bibtex = data.bibtex
    row.meaning = data.meaning
    row.csl = data.csl
    for name, value in search_columns(Meaning.from_json(data.meaning)).items():
        setattr(row, name, value)


def snapshot(row: Reference) -> None:
    """Keep the current version of ``row`` as a revision, then bump its number."""
    db.session.add(
        ReferenceRevision(
            course_id=row.course_id,
            reference_id=row.id,
            revision=row.revision,
            key=row.key,
            entry_type=row.entry_type,
            bibtex=row.bibtex,
            meaning=row.meaning,
            csl=row.csl,
            was_deleted=row.deleted_at is not None,
            editor_id=row.updated_by,
            edited_at=row.updated_at,
        )
    )
    row.revision += 1


def _touch(row: Reference, actor_id: int | None) -> None:
    row.updated_by = actor_id
    row.updated_at = utcnow()


def _check_key(course_id: int, key: str, own_id: int | None = None) -> None:
    other = queries.find_reference_by_key(course_id, key)
    if other is not None and other.id != own_id:
        raise KeyTaken(key)


def add_reference(course_id: int, actor_id: int | None, data: Stored) -> Reference:
    """Add one reference to the course bibliography (no commit)."""
    row = Reference(course_id=course_id, created_by=actor_id, revision=1)
    apply_stored(row, data)
    _touch(row, actor_id)
    db.session.add(row)
    return row


def replace_content(row: Reference, actor_id: int | None, data: Stored) -> None:
    """Give a row new content, keeping the old as a revision (no commit)."""
    snapshot(row)
    apply_stored(row, data)
    row.deleted_at = row.deleted_by = None
    _touch(row, actor_id)


def create_reference(course_id: int, actor_id: int | None, data: Stored) -> Reference:
    """Add a reference typed in the form."""
    _check_key(course_id, data.key)
    row = add_reference(course_id, actor_id, data)
    _commit()
    return row


def update_reference(row: Reference, actor_id: int | None, data: Stored) -> Reference:
    """Edit a reference; the previous version becomes a revision."""
    _check_key(row.course_id, data.key, row.id)
    replace_content(row, actor_id, data)
    _commit()
    return row


def delete_reference(row: Reference, actor_id: int | None) -> Reference:
    """Move a reference to the bin (kept, restorable, hidden from lists)."""
    if row.deleted_at is None:
        snapshot(row)
        row.deleted_at, row.deleted_by = utcnow(), actor_id
        _touch(row, actor_id)
        _commit()
    return row


def undelete_reference(row: Reference, actor_id: int | None) -> Reference:
    """Take a reference out of the bin."""
    if row.deleted_at is not None:
        snapshot(row)
        row.deleted_at = row.deleted_by = None
        _touch(row, actor_id)
        _commit()
    return row


def restore_revision(
    row: Reference, revision: ReferenceRevision, actor_id: int | None
) -> Reference:
    """Make an earlier version current again, as a new revision."""
    _check_key(row.course_id, revision.key, row.id)
    data = Stored(
        revision.key,
        revision.entry_type,
        revision.bibtex,
        revision.meaning,
        revision.csl,
    )
    replace_content(row, actor_id, data)
    _commit()
    return row


def _settings(course_id: int) -> CourseBibliography:
    settings = queries.find_settings(course_id)
    if settings is None:
        settings = CourseBibliography(course_id=course_id, style="apa")
        db.session.add(settings)
    return settings


def set_style(course_id: int, actor_id: int | None, style: str) -> CourseBibliography:
    """Choose a known style id (already validated); forget any uploaded CSL."""
    settings = _settings(course_id)
    settings.style, settings.csl_text, settings.csl_name = style, None, None
    settings.updated_by, settings.updated_at = actor_id, utcnow()
    _commit()
    return settings


def set_csl(
    course_id: int, actor_id: int | None, name: str, text: str
) -> CourseBibliography:
    """Use an uploaded CSL style (already validated)."""
    settings = _settings(course_id)
    settings.csl_text, settings.csl_name = text, name[:255]
    settings.updated_by, settings.updated_at = actor_id, utcnow()
    _commit()
    return settings


def create_section(
    course_id: int, title: str, description: str = "", module_id: int | None = None
) -> ReadingListSection:
    """Add a section at the end of the reading list, for a module or a theme.

    The caller checks that ``module_id`` names a module of the same course.
    """
    position = len(queries.list_sections(course_id))
    section = ReadingListSection(
        course_id=course_id, title=title, description=description, position=position,
        module_id=module_id,
    )  # fmt: skip
    db.session.add(section)
    _commit()
    return section


def update_section(
    section: ReadingListSection, title: str, description: str,
    module_id: int | None = None,
) -> ReadingListSection:  # fmt: skip
    """Rename a section, change its description, link it to a module or to none."""
    section.title, section.description = title, description
    section.module_id = module_id
    _commit()
    return section


Row = TypeVar("Row", ReadingListSection, ReadingListItem)


def _swap(rows: list[Row], row_id: int, step: int) -> None:
    index = [row.id for row in rows].index(row_id)
    if 0 <= index + step < len(rows):
        _place(rows, row_id, index + step)


def _place(rows: list[Row], row_id: int, position: int) -> int:
    """Put one row at ``position`` (clamped), renumber all; its new index."""
    ids = [row.id for row in rows]
    row = rows.pop(ids.index(row_id))
    target = min(max(position, 0), len(rows))
    rows.insert(target, row)
    for index, each in enumerate(rows):
        each.position = index
    return target


def move_section(section: ReadingListSection, step: int) -> None:
    """Move a section up (-1) or down (+1)."""
    _swap(queries.list_sections(section.course_id), section.id, step)
    _commit()


def delete_section(section: ReadingListSection) -> None:
    """Delete a section and its items (the references stay)."""
    course_id = section.course_id
    db.session.delete(section)
    db.session.flush()
    for position, row in enumerate(queries.list_sections(course_id)):
        row.position = position
    _commit()


def add_item(
    section: ReadingListSection,
    reference: Reference,
    importance: str,
    note: str,
) -> ReadingListItem:
    """Place a reference in a section, or update its placement there."""
    item = next((i for i in section.items if i.reference_id == reference.id), None)
    if item is None:
        item = ReadingListItem(
            course_id=section.course_id,
            section_id=section.id,
            reference_id=reference.id,
            position=len(section.items),
        )
        db.session.add(item)
    item.importance, item.note = importance, note
    _commit()
    return item


def update_item(item: ReadingListItem, importance: str, note: str) -> ReadingListItem:
    """Change an item's importance or its note to students."""
    item.importance, item.note = importance, note
    _commit()
    return item


def move_item(item: ReadingListItem, step: int) -> None:
    """Move an item up (-1) or down (+1) within its section."""
    _swap(list(item.section.items), item.id, step)
    _commit()


def place_item(item: ReadingListItem, position: int) -> int:
    """Move an item to ``position`` in its section (a drag and drop); its new index."""
    placed = _place(list(item.section.items), item.id, position)
    _commit()
    return placed


def remove_item(item: ReadingListItem) -> None:
    """Take a reference out of a section."""
    db.session.delete(item)
    _commit()
