"""Duplicate detection on import: same key, same DOI, or same title/year/author."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bibliography.collation import fold
from bibliography.errors import Problem
from bibliography.model import Reference


def find_duplicates(references: Sequence[Reference]) -> list[Problem]:
    """Return one problem per reference that duplicates an earlier one."""
    seen_keys: dict[str, str] = {}
    seen_dois: dict[str, str] = {}
    seen_titles: dict[tuple[str, str, str], str] = {}
    problems: list[Problem] = []
    for reference in references:
        key = reference.key
        if key.casefold() in seen_keys:
            problems.append(Problem("duplicate-key", None, key, {"first_line": "?"}))
        elif reference.doi and reference.doi in seen_dois:
            other = seen_dois[reference.doi]
            problems.append(Problem("duplicate-doi", None, key, {"other": other}))
        elif _signature(reference) in seen_titles:
            other = seen_titles[_signature(reference)]
            problems.append(Problem("duplicate-title", None, key, {"other": other}))
        seen_keys.setdefault(key.casefold(), key)
        if reference.doi:
            seen_dois.setdefault(reference.doi, key)
        seen_titles.setdefault(_signature(reference), key)
    return problems


def _signature(reference: Reference) -> tuple[str, str, str]:
    title = re.sub(r"\W+", " ", fold(reference.get("title") or "")).strip()
    year = (reference.get("year") or reference.get("date") or "")[:4]
    first = reference.authors[0] if reference.authors else None
    author = fold(first.family or first.literal) if first else ""
    return title or reference.key.casefold(), year, author


DuplicateMatch = tuple[int, int | None, str]
_CODES = ("duplicate-key", "duplicate-doi", "duplicate-title")


def find_duplicates_against(
    existing: Sequence[Reference], incoming: Sequence[Reference]
) -> list[DuplicateMatch]:
    """Return ``(incoming_index, existing_index or None, code)`` per duplicate.

    Each incoming reference is reported at most once, with the strongest reason
    (same key, then same DOI, then same title, year and first author). A match in
    ``existing`` wins over one with an earlier incoming reference (index None); the
    first existing reference with that signature is the one named.
    """
    olds = [duplicate_signatures(reference) for reference in existing]
    old_index: list[dict[str, int]] = [{}, {}, {}]
    for index, signatures in enumerate(olds):
        for table, value in zip(old_index, signatures, strict=True):
            if value:
                table.setdefault(value, index)
    seen: list[set[str]] = [set(), set(), set()]
    found: list[DuplicateMatch] = []
    for index, reference in enumerate(incoming):
        signatures = duplicate_signatures(reference)
        match = _first_match(index, signatures, old_index, seen)
        if match is not None:
            found.append(match)
        for bucket, value in zip(seen, signatures, strict=True):
            if value:
                bucket.add(value)
    return found


def _first_match(
    index: int,
    signatures: tuple[str, str, str],
    old_index: list[dict[str, int]],
    seen: list[set[str]],
) -> DuplicateMatch | None:
    for position, value in enumerate(signatures):
        if not value:
            continue
        if value in old_index[position]:
            return index, old_index[position][value], _CODES[position]
        if value in seen[position]:
            return index, None, _CODES[position]
    return None


def duplicate_signatures(reference: Reference) -> tuple[str, str, str]:
    """Return what two duplicates share: folded key, DOI, title+year+author.

    Each is empty when unknown (no DOI, no title); the order is that of the codes
    ``duplicate-key``, ``duplicate-doi``, ``duplicate-title``.
    """
    title, year, author = _signature(reference)
    # A title signature is only meaningful with a real title.
    titled = "\x1f".join((title, year, author)) if reference.get("title") else ""
    return reference.key.casefold(), reference.doi or "", titled
