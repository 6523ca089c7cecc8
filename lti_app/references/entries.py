"""Entries written through the form: fields per type, and their BibTeX text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bibliography import (
    UNUSABLE_CODES,
    Entry,
    Field,
    Problem,
    Reference,
    format_entry,
    optional_fields,
    parse_bibtex,
    required_fields,
)
from bibliography.entrytypes import REQUIRED
from lti_app.references.codec import Stored, stored
from lti_app.references.errors import EntryInvalid
from lti_app.references.labels import TYPE_LABELS

NAME_FIELDS = ("author", "editor")
# Most used types first, in the select of the form.
FIRST_TYPES = ("book", "incollection", "article", "collection", "report", "phdthesis",
               "mastersthesis", "legislation", "online", "dataset", "inbook",
               "techreport", "inproceedings", "misc")  # fmt: skip
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.+/-]{0,99}")


@dataclass(frozen=True)
class TypeFields:
    """The form of one entry type: required groups, then optional fields."""

    entry_type: str
    required: tuple[tuple[str, ...], ...]
    optional: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Every field name of the form, required ones first."""
        first = tuple(name for group in self.required for name in group)
        return first + self.optional_names

    @property
    def optional_names(self) -> tuple[str, ...]:
        """The optional fields, without those already required."""
        first = {name for group in self.required for name in group}
        return tuple(n for n in self.optional if n not in first)


def type_label(entry_type: str) -> str:
    """The type's name for people; an imported unknown type keeps its own name."""
    label = TYPE_LABELS.get(entry_type.lower())
    return str(label) if label else entry_type


def entry_types() -> list[str]:
    """Every type the package knows, common ones first."""
    rest = sorted(set(REQUIRED) - set(FIRST_TYPES))
    return [*FIRST_TYPES, *rest]


def fields_for(entry_type: str, extra: tuple[str, ...] = ()) -> TypeFields:
    """The fields of a type's form; ``extra``: those an existing entry also has."""
    required = required_fields(entry_type)
    optional = tuple(dict.fromkeys((*optional_fields(entry_type), *extra)))
    return TypeFields(entry_type, required, optional)


def form_values(reference: Reference) -> dict[str, str]:
    """Field values to show in the form: decoded text, one person per line."""
    values = dict(reference.fields)
    for name, people, et_al in (
        ("author", reference.authors, reference.authors_et_al),
        ("editor", reference.editors, reference.editors_et_al),
    ):
        if people:
            lines = [_person_line(p.family, p.given, p.particle, p.suffix, p.literal)
                     for p in people]  # fmt: skip
            values[name] = "\n".join([*lines, "others"] if et_al else lines)
    return values


def _person_line(
    family: str, given: str, particle: str, suffix: str, literal: str
) -> str:
    if literal:
        return "{" + literal + "}"
    last = " ".join(part for part in (particle, family) if part)
    return ", ".join(part for part in (last, suffix, given) if part)


def missing_groups(entry_type: str, values: Mapping[str, str]) -> list[tuple[str, ...]]:
    """Required groups none of whose fields is filled."""
    return [
        group
        for group in required_fields(entry_type)
        if not any(values.get(name, "").strip() for name in group)
    ]


def _raw(name: str, value: str) -> str:
    if name in NAME_FIELDS:
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        value = " and ".join(lines)
    return "{" + value.strip() + "}"


def build_entry(
    entry_type: str,
    key: str,
    values: Mapping[str, str],
    previous: tuple[Entry, Reference] | None = None,
) -> Stored:
    """The stored form of an entry typed in the form.

    A field whose text did not change keeps its BibTeX as written, so an edit
    touches only what the person changed.
    """
    kept: dict[str, str] = {}
    if previous is not None:
        entry, reference = previous
        shown = form_values(reference)
        raws = entry.field_map()
        kept = {
            n: raws[n] for n, v in values.items() if n in raws and shown.get(n) == v
        }
    fields = tuple(
        Field(name, kept.get(name) or _raw(name, value))
        for name, value in values.items()
        if value.strip()
    )
    text = format_entry(Entry(entry_type, key, fields))
    document = parse_bibtex(text)
    fatal = [p for p in document.problems if p.code in UNUSABLE_CODES]
    if fatal or len(document.references) != 1:
        raise EntryInvalid(detail="; ".join(p.message() for p in fatal))
    return stored(document.references[0], text)


def parse_stored_entry(text: str) -> tuple[Entry, Reference] | None:
    """The entry and meaning of a stored BibTeX text (None if unreadable)."""
    document = parse_bibtex(text)
    entry = next(document.entries(), None)
    if entry is None or not document.references:
        return None
    return entry, document.references[0]


def entry_problems(text: str) -> list[Problem]:
    """What the package finds wrong in a stored entry (warnings included)."""
    return list(parse_bibtex(text).problems)
