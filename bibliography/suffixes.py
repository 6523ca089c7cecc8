"""Year suffixes (2009a, 2009b) for same-author, same-year references."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from string import ascii_lowercase

from bibliography.collation import collation_key, fold
from bibliography.model import Reference


def year_suffixes(references: Sequence[Reference]) -> dict[str, str]:
    """Return a suffix per key for references sharing authors and year."""
    groups: dict[tuple[str, str], list[Reference]] = defaultdict(list)
    for reference in references:
        year = (reference.get("year") or reference.get("date") or "")[:4]
        if year:
            groups[(_authors(reference), year)].append(reference)
    suffixes: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda ref: collation_key(ref.get("title") or ref.key))
        for index, reference in enumerate(group):
            suffixes[reference.key] = _letters(index)
    return suffixes


def _authors(reference: Reference) -> str:
    persons = reference.authors or reference.editors
    names = [p.literal or f"{p.particle} {p.family} {p.given[:1]}" for p in persons]
    return fold("|".join(names)) or fold(reference.get("title") or reference.key)


def _letters(index: int) -> str:
    """Return a, b, ..., z, aa, ab, ... for 0, 1, ..."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = ascii_lowercase[remainder] + letters
    return letters
