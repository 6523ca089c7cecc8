"""Copy a course's bibliography and reading list into a copy of the course.

Only what staff wrote: live references, the citation style, reading list
sections and their items. Never students' marks or suggestions, pending imports,
history or cached renderings. Rows are added to the session; the caller commits
once (``course_copy``).
"""

from __future__ import annotations

from sqlalchemy import func, select

from lti_app.course_copy import IdMaps
from lti_app.extensions import db
from lti_app.references.models import (
    CourseBibliography,
    ReadingListItem,
    ReadingListSection,
    Reference,
)

_REFERENCE_FIELDS = (
    "key",
    "key_folded",
    "entry_type",
    "bibtex",
    "meaning",
    "csl",
    "title",
    "first_author",
    "year",
    "doi",
    "container",
    "search_text",
)


def count_references(course_id: int) -> int:
    """The live references a copy would take."""
    return int(
        db.session.scalar(
            select(func.count(Reference.id)).where(
                Reference.course_id == course_id, Reference.deleted_at.is_(None)
            )
        )
        or 0
    )


def count_sections(course_id: int) -> int:
    """The reading list sections a copy would take."""
    return int(
        db.session.scalar(
            select(func.count(ReadingListSection.id)).where(
                ReadingListSection.course_id == course_id
            )
        )
        or 0
    )


def copy_bibliography(source_id: int, target_id: int, maps: IdMaps) -> int:
    """Copy live references and the style; ``maps["references"]`` maps the ids."""
    references = maps.setdefault("references", {})
    rows = db.session.scalars(
        select(Reference)
        .where(Reference.course_id == source_id, Reference.deleted_at.is_(None))
        .order_by(Reference.id)
    ).all()
    for row in rows:
        values = {name: getattr(row, name) for name in _REFERENCE_FIELDS}
        copy = Reference(course_id=target_id, **values)
        db.session.add(copy)
        db.session.flush()
        references[row.id] = copy.id
    style = db.session.scalar(
        select(CourseBibliography).where(CourseBibliography.course_id == source_id)
    )
    if style is not None:
        db.session.add(
            CourseBibliography(
                course_id=target_id,
                style=style.style,
                csl_text=style.csl_text,
                csl_name=style.csl_name,
            )
        )
    return len(rows)


def copy_reading_list(source_id: int, target_id: int, maps: IdMaps) -> int:
    """Copy sections (their module, if copied) and items of copied references."""
    references = maps.get("references", {})
    modules = maps.get("modules", {})
    sections = db.session.scalars(
        select(ReadingListSection)
        .where(ReadingListSection.course_id == source_id)
        .order_by(ReadingListSection.position, ReadingListSection.id)
    ).all()
    for section in sections:
        copy = ReadingListSection(
            course_id=target_id,
            title=section.title,
            description=section.description,
            position=section.position,
            module_id=modules.get(section.module_id) if section.module_id else None,
        )
        db.session.add(copy)
        db.session.flush()
        for item in section.items:
            if item.reference_id not in references:
                continue  # a reference in the bin stays behind
            db.session.add(
                ReadingListItem(
                    course_id=target_id,
                    section_id=copy.id,
                    reference_id=references[item.reference_id],
                    position=item.position,
                    importance=item.importance,
                    note=item.note,
                )
            )
    return len(sections)
