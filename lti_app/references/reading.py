"""What students see: the reading list, rendered, with their own marks.

Read functions return plain values for the templates; the only writes are a
student's marks, one transaction each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError

from bibliography import Rendered
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.references import render_cache
from lti_app.references.codec import fold_query
from lti_app.references.models import (
    ReadingListItem,
    ReadingListSection,
    ReadingMark,
    Reference,
)

DOI_RESOLVER = "https://doi.org/"


@dataclass(frozen=True)
class Entry:
    """One placed reference as a student sees it."""

    item_id: int
    section_id: int
    reference_id: int
    importance: str
    note: str
    title: str
    rendered: Rendered | None
    doi_url: str | None
    url: str | None
    mark: ReadingMark | None


@dataclass(frozen=True)
class Part:
    """A section and its entries, in order."""

    section: ReadingListSection
    entries: list[Entry]


def placed_query(course_id: int) -> Select[Any]:
    """Rows of the live placed references of a course, in item order."""
    return (
        select(
            ReadingListItem.id, ReadingListItem.section_id, ReadingListItem.importance,
            ReadingListItem.note, Reference.id.label("reference_id"), Reference.title,
            Reference.doi, Reference.csl["URL"].as_string().label("url"),
        )
        .join(Reference, Reference.id == ReadingListItem.reference_id)
        .where(
            ReadingListItem.course_id == course_id, Reference.course_id == course_id,
            Reference.deleted_at.is_(None),
        )
        .order_by(ReadingListItem.position, ReadingListItem.id)
    )  # fmt: skip


def _search(query: Select[Any], text: str) -> Select[Any]:
    for word in fold_query(text).split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Reference.search_text.like(f"%{escaped}%", escape="\\"))
    return query


def web_url(url: str | None) -> str | None:
    """The entry's URL when it is an http(s) link, never another scheme."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def reading_list(
    course_id: int, user_id: int, language: str, *,
    section_id: int | None = None, q: str = "",
) -> list[Part]:  # fmt: skip
    """The sections (or one) with their live entries, rendered, and the marks."""
    sections = list(
        db.session.scalars(
            select(ReadingListSection)
            .where(ReadingListSection.course_id == course_id)
            .order_by(ReadingListSection.position, ReadingListSection.id)
        )
    )
    if section_id is not None:
        sections = [s for s in sections if s.id == section_id]
    query = placed_query(course_id)
    if section_id is not None:
        query = query.where(ReadingListItem.section_id == section_id)
    rows = list(db.session.execute(_search(query, q) if q.strip() else query))
    rendered = render_cache.rendered_entries(
        course_id, list(dict.fromkeys(r.reference_id for r in rows)), language
    )
    marks = list_marks(course_id, user_id)
    by_section: dict[int, list[Entry]] = {s.id: [] for s in sections}
    for row in rows:
        if row.section_id in by_section:
            by_section[row.section_id].append(_entry(row, rendered, marks))
    return [Part(s, by_section[s.id]) for s in sections]


def _entry(
    row: Any, rendered: dict[int, Rendered | None], marks: dict[int, ReadingMark]
) -> Entry:
    return Entry(
        row.id, row.section_id, row.reference_id, row.importance, row.note,
        row.title, rendered.get(row.reference_id),
        DOI_RESOLVER + row.doi if row.doi else None, web_url(row.url),
        marks.get(row.reference_id),
    )  # fmt: skip


def list_reading_references(
    course_id: int, section_id: int | None = None
) -> list[Reference]:
    """The live references of the reading list (or a section), once each, in order."""
    query = (
        select(Reference)
        .join(ReadingListItem, ReadingListItem.reference_id == Reference.id)
        .join(ReadingListSection, ReadingListSection.id == ReadingListItem.section_id)
        .where(
            ReadingListItem.course_id == course_id,
            Reference.course_id == course_id,
            Reference.deleted_at.is_(None),
        )
        .order_by(
            ReadingListSection.position, ReadingListItem.position, ReadingListItem.id
        )
    )
    if section_id is not None:
        query = query.where(ReadingListItem.section_id == section_id)
    return list(dict.fromkeys(db.session.scalars(query)))


def find_placed_reference(course_id: int, reference_id: int) -> Reference | None:
    """A live reference of this course that is in the reading list."""
    return db.session.scalar(
        select(Reference)
        .where(
            Reference.id == reference_id, Reference.course_id == course_id,
            Reference.deleted_at.is_(None),
            Reference.id.in_(
                select(ReadingListItem.reference_id).where(
                    ReadingListItem.course_id == course_id
                )
            ),
        )
    )  # fmt: skip


def list_marks(course_id: int, user_id: int) -> dict[int, ReadingMark]:
    """This person's marks in this course, by reference id."""
    rows = db.session.scalars(
        select(ReadingMark).where(
            ReadingMark.course_id == course_id, ReadingMark.user_id == user_id
        )
    )
    return {mark.reference_id: mark for mark in rows}


def find_mark(course_id: int, user_id: int, mark_id: int) -> ReadingMark | None:
    """One of this person's marks in this course; nobody else's."""
    return db.session.scalar(
        select(ReadingMark).where(
            ReadingMark.id == mark_id, ReadingMark.course_id == course_id,
            ReadingMark.user_id == user_id,
        )
    )  # fmt: skip


def set_mark(
    course_id: int, user_id: int, reference: Reference, status: str
) -> ReadingMark | None:
    """Mark a reference "to-read" or "read" for this person; "none" forgets it."""
    mark = list_marks(course_id, user_id).get(reference.id)
    if mark is not None:
        return update_mark(mark, status)
    if status == "none":
        return None
    mark = ReadingMark(course_id=course_id, user_id=user_id,
                       reference_id=reference.id, status=status)  # fmt: skip
    db.session.add(mark)
    try:
        db.session.commit()
    except IntegrityError:  # a double click: the other request created it first
        db.session.rollback()
        return set_mark(course_id, user_id, reference, status)
    return mark


def update_mark(mark: ReadingMark, status: str) -> ReadingMark | None:
    """Change one's own mark; "none" forgets it."""
    if status == "none":
        forget_mark(mark)
        return None
    mark.status, mark.updated_at = status, utcnow()
    db.session.commit()
    return mark


def forget_mark(mark: ReadingMark) -> None:
    """Delete one's own mark."""
    db.session.execute(delete(ReadingMark).where(ReadingMark.id == mark.id))
    db.session.commit()


def progress(parts: Sequence[Part]) -> tuple[int, int]:
    """How many distinct references are marked read, out of how many."""
    seen = {e.reference_id: e for part in parts for e in part.entries}
    done = sum(
        1 for e in seen.values() if e.mark is not None and e.mark.status == "read"
    )
    return done, len(seen)
