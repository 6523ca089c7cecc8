"""CSL-JSON reading and writing, through our reference model."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any

from bibliography.budgets import MAX_ENTRY_CHARS, Deadline, ProblemLog
from bibliography.cslitems import CSL_TYPES, to_csl
from bibliography.errors import FormatError, Problem
from bibliography.jsonscan import scan_json
from bibliography.model import Person, Reference
from bibliography.ris import build_reference
from bibliography.values import EN_DASH, MONTHS

_TYPE_BACK = {"article-journal": "article", "article-magazine": "article",
              "article-newspaper": "article", "book": "book", "chapter": "incollection",
              "paper-conference": "inproceedings", "thesis": "phdthesis",
              "report": "techreport", "manuscript": "unpublished", "webpage": "online",
              "dataset": "dataset", "software": "software",
              "pamphlet": "booklet"}  # fmt: skip
_FIELDS = {"title": "title", "publisher": "publisher", "publisher-place": "address",
           "volume": "volume", "issue": "number", "collection-title": "series",
           "note": "note", "ISBN": "isbn", "ISSN": "issn", "abstract": "abstract",
           "URL": "url", "DOI": "doi", "edition": "edition", "language": "language",
           "chapter-number": "chapter", "genre": "type",
           "medium": "howpublished"}  # fmt: skip
_CONTAINER = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
}


def read_csljson(
    text: str, deadline: Deadline | None = None
) -> tuple[list[Reference], list[Problem]]:
    """Parse a CSL-JSON array (or one item); raise a ParseError kind if unreadable.

    The shape is checked before parsing (see :mod:`bibliography.jsonscan`);
    every value read is type-checked, a wrong one reported and left out.
    """
    deadline = deadline or Deadline.for_size(len(text))
    lines = scan_json(text, deadline)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(detail=f"JSON: {error.msg} (line {error.lineno})") from error
    items = data if isinstance(data, list) else [data]
    references: list[Reference] = []
    problems = ProblemLog()
    for index, item in enumerate(items):
        deadline.tick()
        line = lines[index] if index < len(lines) else None
        if not isinstance(item, dict):
            params = {"detail": f"#{index + 1}"}
            problems.append(Problem("csljson-invalid", line, None, params))
            continue
        reference = _Item(item, index, line, problems).reference()
        if reference is not None:
            references.append(reference)
    return references, problems.listed()


class _Item:
    """One CSL-JSON item read into a reference, every value type-checked."""

    def __init__(
        self, item: dict[str, Any], index: int, line: int | None, problems: ProblemLog
    ) -> None:
        self.item, self.line, self.problems = item, line, problems
        self.key = _scalar(item.get("id")) or f"item{index + 1}"
        self.size = len(self.key)

    def text(self, name: str) -> str:
        """The text of field ``name`` ("" if absent; reported if unreadable)."""
        return self.checked(name, self.item.get(name))

    def checked(self, name: str, value: Any) -> str:
        """The text of ``value``, read for field ``name``, counted in the budget."""
        if value is None:
            return ""
        found = _scalar(value)
        if found is None:
            self.report(name)
            return ""
        self.size += len(found)
        if self.size > MAX_ENTRY_CHARS:
            raise _ItemTooLargeError
        return found

    def report(self, name: str) -> None:
        params = {"field": name}
        self.problems.append(Problem("csljson-field", self.line, self.key, params))

    def reference(self) -> Reference | None:
        """The reference, or None (reported) when the item is over budget."""
        try:
            return self._reference()
        except _ItemTooLargeError:
            params = {"limit": MAX_ENTRY_CHARS}
            self.problems.append(
                Problem("entry-too-large", self.line, self.key, params)
            )
            return None

    def _reference(self) -> Reference:
        entry_type = _TYPE_BACK.get(self.text("type"), "misc")
        fields = {target: self.text(source) for source, target in _FIELDS.items()}
        container = self.text("container-title")
        if container:
            fields[_CONTAINER.get(entry_type, "booktitle")] = container
        fields["pages"] = self.text("page").replace("-", EN_DASH)
        fields.update(self._date())
        people = {role: self._people(role) for role in ("author", "editor")}
        kept = {name: value for name, value in fields.items() if value}
        return build_reference(self.key, entry_type, kept, people)

    def _date(self) -> dict[str, str]:
        """Year and month of ``issued``'s first date; an empty date is no date."""
        issued = self.item.get("issued")
        parts = issued.get("date-parts") if isinstance(issued, dict) else issued
        if parts in (None, [], [[]]) and (issued is None or isinstance(issued, dict)):
            return {}
        first = parts[0] if isinstance(parts, list) and parts else None
        if not isinstance(first, list) or not first:
            first = [None]
        year = _date_part(first[0])
        if year is None:
            self.report("issued")
            return {}
        found = {"year": str(year)}
        month = _date_part(first[1]) if len(first) > 1 else None
        if month is not None and 1 <= month <= 12:
            found["month"] = MONTHS[month - 1]
        return found

    def _people(self, role: str) -> list[Person]:
        names = self.item.get(role)
        if names is None:
            return []
        if not isinstance(names, list):
            self.report(role)
            return []
        people = []
        for name in names:
            if isinstance(name, dict):
                people.append(self._person(role, name))
            else:
                self.report(role)
        return people

    def _person(self, role: str, name: dict[str, Any]) -> Person:
        literal = self.checked(role, name.get("literal"))
        if literal:
            return Person(literal=literal)
        particle = name.get("non-dropping-particle") or name.get("dropping-particle")
        return Person(
            family=self.checked(role, name.get("family")),
            given=self.checked(role, name.get("given")),
            particle=self.checked(role, particle),
            suffix=self.checked(role, name.get("suffix")),
        )


class _ItemTooLargeError(Exception):
    """The item's text went over :data:`MAX_ENTRY_CHARS` as it was read."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _scalar(value: Any) -> str | None:
    """Text of a string or number (a list's first one); None for anything else.

    Lone surrogates, which JSON escapes can spell, are refused: no page or
    database could encode them.
    """
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str):
        return None if _SURROGATE.search(value) else value
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    return None


def _date_part(value: Any) -> int | None:
    """A year, month or day: a number or digits, at most four of them."""
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,4}", value.strip()):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10_000:
        return value
    return None


def csl_json_item(reference: Reference) -> dict[str, Any]:
    """Return the CSL-JSON item :func:`write_csljson` writes for ``reference``."""
    item = to_csl(reference, reference.key, escape=False)
    if reference.get("language"):
        item["language"] = reference.get("language")
    else:
        item.pop("language", None)
    return item


def write_csljson(references: Iterable[Reference]) -> str:
    """Return a CSL-JSON array; ids are our keys (case kept)."""
    items = [csl_json_item(reference) for reference in references]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


__all__ = ["CSL_TYPES", "csl_json_item", "read_csljson", "write_csljson"]
