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
