"""Read side of the bibliography: scoped lookups, search, lists. Nothing writes here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from bibliography import Reference as Meaning
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.references.codec import fold_query
from lti_app.references.models import (
    CourseBibliography,
    PendingImport,
    ReadingListItem,
    ReadingListSection,
    Reference,
    ReferenceRevision,
)
from lti_app.references.rendering import RENDERER_VERSION

PER_PAGE = 25


@dataclass(frozen=True)
class Filters:
    """What the list page asks for; every field optional."""

    q: str = ""
    entry_type: str = ""
    section_id: int | None = None
    year_from: int | None = None
    year_to: int | None = None


@dataclass(frozen=True)
class Page:
    """One page of results and where it sits."""

    items: list[Reference]
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the whole result spans (at least one)."""
        return max(1, -(-self.total // self.per_page))


def find_reference(course_id: int, reference_id: int) -> Reference | None:
    """The reference with this id in this course, deleted or not."""
    return db.session.scalar(
        select(Reference).where(
            Reference.id == reference_id, Reference.course_id == course_id
        )
    )


def find_reference_by_key(course_id: int, key: str) -> Reference | None:
    """The reference with this key (any case) in this course, deleted or not."""
    return db.session.scalar(
        select(Reference).where(
            Reference.course_id == course_id, Reference.key_folded == key.casefold()
        )
    )


def _filtered(course_id: int, filters: Filters) -> Select[Any]:
    query = select(Reference).where(
        Reference.course_id == course_id, Reference.deleted_at.is_(None)
    )
    words = fold_query(filters.q).split()
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Reference.search_text.like(f"%{escaped}%", escape="\\"))
    if filters.entry_type:
        query = query.where(Reference.entry_type == filters.entry_type)
    if filters.year_from is not None:
        query = query.where(Reference.year >= filters.year_from)
    if filters.year_to is not None:
        query = query.where(Reference.year <= filters.year_to)
    if filters.section_id is not None:
        query = query.where(
            Reference.id.in_(
                select(ReadingListItem.reference_id).where(
                    ReadingListItem.course_id == course_id,
                    ReadingListItem.section_id == filters.section_id,
                )
            )
        )
    return query


def search_references(
    course_id: int, filters: Filters, number: int = 1, per_page: int = PER_PAGE
) -> Page:
    """Live references matching the filters, by first author, year and key."""
    query = _filtered(course_id, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    number = max(1, min(number, max(1, -(-total // per_page))))
    ordered = query.order_by(
        func.lower(Reference.first_author), Reference.year, Reference.key_folded
    )
    rows = db.session.scalars(ordered.limit(per_page).offset((number - 1) * per_page))
    return Page(list(rows), total, number, per_page)


def list_references(
    course_id: int, *, deleted: bool = False, by_key: bool = True
) -> list[Reference]:
    """Every live reference of the course (``deleted``: the bin instead).

    By key, or else in the order they were added (exports keep the file's order).
    """
    state = (
        Reference.deleted_at.is_not(None) if deleted else Reference.deleted_at.is_(None)
    )
    order = Reference.key_folded if by_key else Reference.id
    return list(
        db.session.scalars(
            select(Reference)
            .where(Reference.course_id == course_id, state)
            .order_by(order)
        )
    )


def list_all_references(course_id: int) -> list[Reference]:
    """Every reference of the course, the bin included (duplicate checks)."""
    return list(
        db.session.scalars(
            select(Reference)
            .where(Reference.course_id == course_id)
            .order_by(Reference.id)
        )
    )


def list_entry_types(course_id: int) -> list[str]:
    """The entry types in use in this course, for the filter."""
    return list(
        db.session.scalars(
            select(Reference.entry_type)
            .where(Reference.course_id == course_id, Reference.deleted_at.is_(None))
            .distinct()
            .order_by(Reference.entry_type)
        )
    )


def list_revisions(reference: Reference) -> list[ReferenceRevision]:
    """Earlier versions of a reference, newest first."""
    return list(
        db.session.scalars(
            select(ReferenceRevision)
            .where(
                ReferenceRevision.course_id == reference.course_id,
                ReferenceRevision.reference_id == reference.id,
            )
            .order_by(ReferenceRevision.revision.desc())
        )
    )


def find_revision(reference: Reference, revision: int) -> ReferenceRevision | None:
    """One earlier version of this reference."""
    return db.session.scalar(
        select(ReferenceRevision).where(
            ReferenceRevision.course_id == reference.course_id,
            ReferenceRevision.reference_id == reference.id,
            ReferenceRevision.revision == revision,
        )
    )


def find_settings(course_id: int) -> CourseBibliography | None:
    """The course's style settings, if ever saved."""
    return db.session.scalar(
        select(CourseBibliography).where(CourseBibliography.course_id == course_id)
    )


def effective_style(course_id: int) -> str:
    """The style to render with: uploaded CSL, chosen id, else APA."""
    settings = find_settings(course_id)
    return settings.effective_style if settings else "apa"


def list_sections(course_id: int) -> list[ReadingListSection]:
    """The reading-list sections of the course, in order."""
    return list(
        db.session.scalars(
            select(ReadingListSection)
            .where(ReadingListSection.course_id == course_id)
            .order_by(ReadingListSection.position, ReadingListSection.id)
        )
    )


def find_section(course_id: int, section_id: int) -> ReadingListSection | None:
    """A section of this course."""
    return db.session.scalar(
        select(ReadingListSection).where(
            ReadingListSection.id == section_id,
            ReadingListSection.course_id == course_id,
        )
    )


def find_item(course_id: int, item_id: int) -> ReadingListItem | None:
    """A reading-list item of this course."""
    return db.session.scalar(
        select(ReadingListItem).where(
            ReadingListItem.id == item_id, ReadingListItem.course_id == course_id
        )
    )


def list_items(section: ReadingListSection) -> list[ReadingListItem]:
    """The items of a section whose reference is not in the bin, in order."""
    return list(
        db.session.scalars(
            select(ReadingListItem)
            .join(Reference)
            .where(
                ReadingListItem.course_id == section.course_id,
                ReadingListItem.section_id == section.id,
                Reference.deleted_at.is_(None),
            )
            .order_by(ReadingListItem.position, ReadingListItem.id)
        )
    )


def list_placements(reference: Reference) -> list[ReadingListItem]:
    """Where a reference appears in the reading list."""
    return list(
        db.session.scalars(
            select(ReadingListItem)
            .join(ReadingListSection)
            .where(
                ReadingListItem.course_id == reference.course_id,
                ReadingListItem.reference_id == reference.id,
            )
            .order_by(ReadingListSection.position)
        )
    )


def find_pending(course_id: int, user_id: int, pending_id: int) -> PendingImport | None:
    """A pending import of this course started by this person."""
    return db.session.scalar(
        select(PendingImport).where(
            PendingImport.id == pending_id,
            PendingImport.course_id == course_id,
            PendingImport.created_by == user_id,
        )
    )


def is_expired(pending: PendingImport) -> bool:
    """Past its expiry: it can no longer be confirmed."""
    return pending.expires_at <= utcnow()


_STAMP_COURSE = bindparam("course_id")
# The style as ``effective_style`` gives it (uploaded CSL text, else the style id),
# NULL when the course never saved settings.
_STAMP_STYLE = (
    select(
        func.coalesce(
            func.nullif(CourseBibliography.csl_text, ""), CourseBibliography.style
        )
    )
    .where(CourseBibliography.course_id == _STAMP_COURSE)
    .scalar_subquery()
)
# Aggregates computed by the database, not a row per reference in Python: any
# add, edit (revision + 1), deletion or restore moves the count, the sums or both.
_STAMP = select(
    _STAMP_STYLE,
    func.count(),
    func.coalesce(func.sum(Reference.id), 0),
    func.coalesce(func.sum(Reference.revision), 0),
    func.coalesce(func.sum(Reference.id * Reference.revision), 0),
    func.max(Reference.id),
).where(Reference.course_id == _STAMP_COURSE, Reference.deleted_at.is_(None))


def citation_stamp(course_id: int) -> str:
    """A fingerprint of the course style and of every live reference's revision.

    Other features cache text that cites references under this stamp: it changes
    when the style changes or a reference is added, edited, deleted or restored.
    One statement, built once: the module page asks for it on every view.
    """
    style, *live = db.session.execute(_STAMP, {"course_id": course_id}).one()
    text = f"{RENDERER_VERSION}|{style or 'apa'}|" + ",".join(str(v) for v in live)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def course_references_for_citations(course_id: int) -> tuple[list[Meaning], str]:
    """The live references as package values, and the style to cite them in."""
    rows = db.session.scalars(
        select(Reference.meaning)
        .where(Reference.course_id == course_id, Reference.deleted_at.is_(None))
        .order_by(Reference.key_folded)
    )
    return [Meaning.from_json(row) for row in rows], effective_style(course_id)
