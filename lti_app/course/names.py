"""The order of people in staff lists: family name, French collation, numbers as numbers.

"Élodie Dupont" comes before "Jean Durand" and after "Anne Dubois" (accents and
case fold first); people the LMS never named come last, "Participant·e 5" before
"Participant·e 10".
"""

from __future__ import annotations

import re
from typing import Protocol

from bibliography.collation import fold

_CHUNKS = re.compile(r"(\d+)")

NaturalKey = tuple[tuple[int, int | str], ...]


class Named(Protocol):
    """What a person row offers (a ``User``)."""

    sub: str
    name: str | None
    given_name: str | None
    family_name: str | None


def natural_key(text: str) -> NaturalKey:
    """Digits compared as numbers: "5" < "10", "p9" < "p10"."""
    return tuple(
        (0, int(chunk)) if chunk.isdigit() else (1, fold(chunk))
        for chunk in _CHUNKS.split(text)
        if chunk
    )


def person_key(user: Named) -> tuple[int, str, str, str, NaturalKey]:
    """Sort key: named people by family then given name, then the unnamed by id."""
    family, given = user.family_name or "", user.given_name or ""
    if not family and user.name:  # a full name alone: its last word is the family's
        given, _space, family = user.name.strip().rpartition(" ")
    if not family.strip():
        return (1, "", "", "", natural_key(user.sub))
    return (0, fold(family), fold(given), family + given, natural_key(user.sub))
