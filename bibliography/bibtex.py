"""The only pybtex importer: BibTeX name lists split into persons."""

from __future__ import annotations

from functools import lru_cache

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person as PybtexPerson
from pybtex.errors import set_strict_mode
from pybtex.exceptions import PybtexError

from bibliography.budgets import CACHE_MAX_CHARS
from bibliography.latex import decode_latex
from bibliography.model import Person

# Strict mode turns pybtex's printed warnings (e.g. too many commas) into
# exceptions that we catch and report as problems.
set_strict_mode(True)


class NameSplitError(ValueError):
    """A name pybtex cannot split."""


def split_names(value: str) -> tuple[tuple[Person, ...], bool]:
    """Split a raw (macro-expanded) name list; return persons and "et al."."""
    persons: list[Person] = []
    et_al = False
    for name in split_name_list(value):
        stripped = name.strip()
        if stripped.lower() == "others":
            et_al = True
        elif stripped:
            persons.append(_person(stripped))
    return tuple(persons), et_al


def _person(name: str) -> Person:
    """Split one name (cached when short: the same authors recur across entries)."""
    return _split_person(name) if len(name) > CACHE_MAX_CHARS else _cached(name)


def _split_person(name: str) -> Person:
    if _is_literal(name):
        return Person(literal=decode_latex(name[1:-1]))
    try:
        parsed = PybtexPerson(name)
    except PybtexError as error:
        raise NameSplitError(name) from error
    return Person(
        family=decode_latex(" ".join(parsed.last_names)),
        given=decode_latex(" ".join(parsed.first_names + parsed.middle_names)),
        particle=decode_latex(" ".join(parsed.prelast_names)),
        suffix=decode_latex(" ".join(parsed.lineage_names)),
    )


_cached = lru_cache(maxsize=8192)(_split_person)


def _is_literal(name: str) -> bool:
    """True for ``{ODAS}`` or ``{{ODAS}}``: one brace group spanning the name."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(name):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(name) - 1:
            return False
    return True
