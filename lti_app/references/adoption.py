"""Accepting a suggestion: its DOI or BibTeX becomes a reference, maybe placed.

A suggestion that duplicates a reference of the course (same key, DOI or title)
is accepted as that reference instead of adding a copy. Free text has no entry
to read: the view sends staff to the reference form, prefilled.
"""

from __future__ import annotations

from dataclasses import dataclass

from bibliography import (
    UNUSABLE_CODES,
    Problem,
    find_duplicates_against,
    parse_bibtex,
)
from bibliography import Reference as Meaning
from lti_app.extensions import db
from lti_app.references import doi, imports, queries, service, suggestions
from lti_app.references.codec import stored
from lti_app.references.errors import NothingToImport
from lti_app.references.models import ReadingListSection, Reference, Suggestion


def bibtex_problems(text: str) -> list[Problem]:
    """What makes a suggested BibTeX snippet unusable (empty when it is fine)."""
    document = parse_bibtex(text)
    fatal = [p for p in document.problems if p.code in UNUSABLE_CODES]
    if not fatal and not document.references:
        fatal.append(Problem("syntax", 1, None))
    return fatal


@dataclass(frozen=True)
class Placement:
    """Where to put the accepted reference in the reading list, if anywhere."""

    section: ReadingListSection | None
    importance: str = "recommended"
    note: str = ""


def has_entry(suggestion: Suggestion) -> bool:
    """True when the suggestion carries a DOI or BibTeX (not only free text)."""
    return bool(suggestion.doi or suggestion.bibtex)


def read_entry(
    suggestion: Suggestion, resolver: str, timeout: float, max_bytes: int
) -> tuple[Meaning, str]:
    """The suggested entry and its BibTeX: BibTeX parsed, or the DOI resolved.

    Raises the references errors of :mod:`imports` and :mod:`doi`.
    """
    if suggestion.bibtex:
        data = suggestion.bibtex.encode("utf-8")
        parsed = imports.read_input(data, "", max_bytes, upload=False)
    else:
        wanted = doi.normalise_input(suggestion.doi or "")
        body = doi.fetch_csl(wanted, resolver, timeout)
        parsed = imports.read_input(body, "doi.json", max_bytes, upload=True)
    if not parsed.entries:
        raise NothingToImport()
    reference, text, _line = parsed.entries[0]
    if parsed.format != "bibtex":  # a resolver's id is no key: author + year
        reference = imports.rename(reference, [])
        return reference, imports.formatted_text(reference)
    return reference, text


def _existing(course_id: int, reference: Meaning) -> Reference | None:
    rows = queries.list_all_references(course_id)
    olds = [Meaning.from_json(row.meaning) for row in rows]
    for _index, other, _code in find_duplicates_against(olds, [reference]):
        if other is not None:
            return rows[other]
    return None


def _add(course_id: int, actor_id: int, reference: Meaning, text: str) -> Reference:
    row = _existing(course_id, reference)
    if row is not None:
        if row.deleted_at is not None:  # back from the bin, its history kept
            service.snapshot(row)
            row.deleted_at = row.deleted_by = None
        return row
    taken = [r.key for r in queries.list_all_references(course_id)]
    if reference.key.casefold() in {k.casefold() for k in taken}:
        reference = imports.rename(reference, taken)
        text = imports.formatted_text(reference)
    row = service.add_reference(course_id, actor_id, stored(reference, text))
    db.session.flush()
    return row


def accept(
    suggestion: Suggestion, actor_id: int, entry: tuple[Meaning, str],
    placement: Placement, message: str,
) -> Reference:  # fmt: skip
    """Add (or find) the reference, place it, and close the suggestion, at once."""
    try:
        row = _add(suggestion.course_id, actor_id, *entry)
        suggestions.mark_accepted(suggestion, actor_id, row.id, message)
        if placement.section is not None:
            service.add_item(
                placement.section, row, placement.importance, placement.note
            )  # fmt: skip (commits the whole)
        else:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return row


def accept_existing(
    suggestion: Suggestion, actor_id: int, row: Reference, message: str
) -> None:
    """Close a free-text suggestion with the reference staff typed from it."""
    suggestions.mark_accepted(suggestion, actor_id, row.id, message)
    db.session.commit()
