"""Citation keys made for the instructor: family name + year, unique in the course."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from itertools import count

from bibliography import Reference

_NOT_LETTER = re.compile(r"[^a-z]")
_YEAR = re.compile(r"\d{4}")


def _ascii_word(text: str) -> str:
    """Lower-case ASCII letters of ``text``: "Lévi-Strauss" -> "levistrauss"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_LETTER.sub("", plain.lower())[:40]


def _stem(reference: Reference) -> str:
    people = reference.authors or reference.editors
    first = people[0] if people else None
    name = (first.family or first.literal) if first else ""
    if not _ascii_word(name):
        name = next(iter((reference.get("title") or "").split()), "")
    year = _YEAR.search(reference.get("year") or reference.get("date") or "")
    return (_ascii_word(name) or "ref") + (year[0] if year else "")


def _suffix(number: int) -> str:
    """ "" then a, b, ..., z, aa, ab..."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def make_key(reference: Reference, taken: Callable[[str], bool]) -> str:
    """lipsky1980, then lipsky1980a, lipsky1980b... while ``taken`` says yes."""
    stem = _stem(reference)
    return next(key for key in (stem + _suffix(n) for n in count()) if not taken(key))
