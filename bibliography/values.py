"""BibTeX value syntax: ``{...}``, ``"..."``, numbers and macros joined by ``#``."""

from __future__ import annotations

import re

from bibliography.budgets import MAX_EXPANDED_ENTRY_CHARS, MAX_EXPANSION_CHARS
from bibliography.errors import ExpansionBudgetSpent, ExpansionTooLarge, ParseError

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip
EN_DASH = "\u2013"
MONTH_MACROS = {name[:3].lower(): name for name in MONTHS}
_MACRO = re.compile(r"[^\s#{}\"]+")


def split_parts(raw: str) -> list[tuple[bool, str]]:
    """Split a raw value into (is_macro, text) parts, delimiters removed."""
    value = raw.strip()
    if "#" not in value and value[:1] + value[-1:] in ("{}", '""'):
        return [(False, value[1:-1])]
    parts: list[tuple[bool, str]] = []
    position = 0
    while position < len(raw):
        char = raw[position]
        if char in " \t\r\n#":
            position += 1
        elif char in '{"':
            end = _closing(raw, position)
            parts.append((False, raw[position + 1 : end]))
            position = end + 1
        else:
            match = _MACRO.match(raw, position)
            word = match[0] if match else raw[position]
            parts.append((not word.isdigit(), word))
            position += len(word)
    return parts


_WORD = re.compile(r"[^\s#{}\"',=()%]+")
_GAP = re.compile(r"\s*(#)?\s*")
KEY = re.compile(r"[^\s,{}()\"#%'=\\]+")
FIELD_NAME = re.compile(r"[A-Za-z_][\w.:+-]*")


def is_well_formed(raw: str) -> bool:
    """True for ``part (# part)*``: parts braced, quoted, numbers or macros."""
    value = raw.strip()
    position = 0
    while True:
        if position >= len(value):
            return False
        if value[position] in '{"':
            end = _closing(value, position)
            if end >= len(value):
                return False
            position = end + 1
        else:
            word = _WORD.match(value, position)
            if word is None:
                return False
            position = word.end()
        gap = _GAP.match(value, position)
        assert gap is not None  # noqa: S101 - the pattern can match empty
        if gap.end() == len(value) and gap[1] is None:
            return True
        if gap[1] is None:
            return False
        position = gap.end()


def _closing(raw: str, start: int) -> int:
    """Return the index of the delimiter closing the one at ``start``."""
    depth = 0
    for index in range(start, len(raw)):
        char = raw[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and raw[start] == "{":
                return index
        elif char == '"' and depth == 0 and index > start and raw[start] == '"':
            return index
    return len(raw)


class ExpansionBudget:
    """Characters expansion may still produce: in this entry, and added to the file.

    Checked before each concatenation, so no string over budget is ever built.
    """

    def __init__(
        self,
        entry_chars: int = MAX_EXPANDED_ENTRY_CHARS,
        file_chars: int = MAX_EXPANSION_CHARS,
    ) -> None:
        self.entry_chars, self.file_chars = entry_chars, file_chars
        self.entry_left, self.file_left = entry_chars, file_chars
        self._added = 0
        # ``@string`` names whose value went over budget, with the error met.
        self.spoiled: dict[str, ParseError] = {}

    def start_entry(self, used: int = 0) -> None:
        """Begin a new entry (or ``@string``) that already holds ``used`` characters."""
        self.entry_left, self._added = self.entry_chars, 0
        self.spend(used, added=False)

    def spend(self, size: int, *, added: bool) -> None:
        """Count ``size`` characters; ``added`` when a macro or crossref brings them."""
        if size > self.entry_left:
            raise ExpansionTooLarge(limit=self.entry_chars)
        if added and size > self.file_left:
            raise ExpansionBudgetSpent(limit=self.file_chars)
        self.entry_left -= size
        if added:
            self.file_left -= size
            self._added += size

    def abandon_entry(self) -> None:
        """Give back what an entry refused midway had taken: nothing of it is kept."""
        self.file_left += self._added
        self._added = 0


def expand(
    raw: str, macros: dict[str, str], budget: ExpansionBudget | None = None
) -> tuple[str, list[str]]:
    """Return the expanded value (braces inside kept) and undefined macros.

    Raise :class:`ExpansionTooLarge` or :class:`ExpansionBudgetSpent` (with a
    ``macro`` parameter when a spoiled ``@string`` was used) past the budget.
    """
    budget = budget or ExpansionBudget()
    text: list[str] = []
    undefined: list[str] = []
    for is_macro, part in split_parts(raw):
        name = part.lower()
        if is_macro and name in budget.spoiled:
            spoiled = budget.spoiled[name]
            raise type(spoiled)(**{**spoiled.params, "macro": part})
        piece = macros.get(name, part) if is_macro else part
        budget.spend(len(piece), added=is_macro and name in macros)
        text.append(piece)
        if is_macro and name not in macros:
            undefined.append(part)
    return "".join(text), undefined


def normalise_doi(value: str) -> str | None:
    """Strip resolver and ``doi:`` prefixes and lower-case a DOI."""
    doi = value.strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
    doi = doi.strip().lower()
    return doi if doi.startswith("10.") else (doi or None)
