"""Between the bibliography package's values and what a stored reference holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bibliography import (
    Entry,
    Reference,
    csl_json_item,
    entry_from_reference,
    fold,
    format_entry,
)
from bibliography.values import MONTH_MACROS, split_parts

_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Stored:
    """The values of a Reference row, computed once from the package's types."""

    key: str
    entry_type: str
    bibtex: str
    meaning: dict[str, Any]
    csl: dict[str, Any]

    def reference(self) -> Reference:
        """The package value, for rendering and export."""
        return Reference.from_json(self.meaning)


def csl_item(reference: Reference) -> dict[str, Any]:
    """The CSL-JSON item the package writes for this reference."""
    return csl_json_item(reference)


def stored(reference: Reference, bibtex: str) -> Stored:
    """Everything a row needs from a reference and its BibTeX text."""
    return Stored(
        reference.key,
        reference.entry_type,
        bibtex,
        reference.to_json(),
        csl_item(reference),
    )


def entry_text(entry: Entry, block_text: str, reference: Reference) -> str:
    """The entry as written when it reads the same alone, else a formatted copy.

    An entry that uses ``@string`` macros or a crossref parent defined elsewhere in
    its file would lose its meaning once stored alone.
    """
    if _needs_context(entry):
        return format_entry(entry_from_reference(reference))
    return block_text


def formatted_text(reference: Reference) -> str:
    """New BibTeX text for a reference read from RIS, CSL-JSON or a resolver."""
    return format_entry(entry_from_reference(reference))


def _needs_context(entry: Entry) -> bool:
    """A crossref, or a macro other than BibTeX's predefined months."""
    for item in entry.fields:
        if item.name.lower() == "crossref":
            return True
        for is_macro, text in split_parts(item.raw):
            if is_macro and text.lower() not in MONTH_MACROS:
                return True
    return False


def search_columns(reference: Reference) -> dict[str, Any]:
    """Title, first author, year, DOI, container and the folded search text."""
    title = reference.get("title") or ""
    first = reference.authors[0] if reference.authors else None
    if first is None and reference.editors:
        first = reference.editors[0]
    author = (first.family or first.literal) if first else ""
    raw_year = reference.get("year") or reference.get("date") or ""
    match = _YEAR.search(raw_year)
    container = next(
        (reference.get(name) for name in ("journal", "journaltitle", "booktitle")
         if reference.get(name)),
        "",
    ) or ""  # fmt: skip
    people = " ".join(p.display() for p in reference.authors + reference.editors)
    parts = (reference.key, title, people, raw_year, reference.doi or "", container)
    return {
        "title": title[:1000],
        "first_author": author[:255],
        "year": int(match[0]) if match else None,
        "doi": reference.doi,
        "container": container[:1000],
        "search_text": fold(" ".join(parts)),
    }


def fold_query(text: str) -> str:
    """The search box's text folded like ``search_text``."""
    return fold(text.strip())
