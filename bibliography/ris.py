"""RIS reading and writing (a line format: ``TY  - JOUR`` ... ``ER  -``)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from bibliography.budgets import (
    MAX_BLOCKS,
    MAX_ENTRY_CHARS,
    MAX_LINES,
    Deadline,
    ProblemLog,
)
from bibliography.errors import Problem, TooManyEntries, TooManyLines
from bibliography.model import Person, Reference, names_text
from bibliography.values import EN_DASH, MONTHS

_ASCII_SPACES = re.compile(r"[ \t\r\n]+")  # keeps French no-break spaces
_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
TYPES = {"JOUR": "article", "BOOK": "book", "CHAP": "incollection",
         "CONF": "inproceedings", "CPAPER": "inproceedings", "THES": "phdthesis",
         "RPRT": "techreport", "ELEC": "online", "UNPB": "unpublished", "GEN": "misc",
         "EDBOOK": "collection", "DATA": "dataset", "COMP": "software"}  # fmt: skip
_TYPE_BACK = {value: key for key, value in TYPES.items()} | {"mastersthesis": "THES"}
FIELDS = {"TI": "title", "T1": "title", "T2": "booktitle", "JO": "journal",
          "JF": "journal", "BT": "booktitle", "VL": "volume", "IS": "number",
          "PB": "publisher", "CY": "address", "UR": "url", "SN": "isbn",
          "AB": "abstract", "N1": "note", "ET": "edition", "LA": "language",
          "KW": "keywords", "DO": "doi", "M3": "type", "T3": "series"}  # fmt: skip
_WRITE = {"title": "TI", "journal": "JO", "booktitle": "T2", "volume": "VL",
          "number": "IS", "publisher": "PB", "address": "CY", "url": "UR",
          "isbn": "SN", "abstract": "AB", "note": "N1", "edition": "ET",
          "language": "LA", "series": "T3", "school": "PB",
          "institution": "PB"}  # fmt: skip


def read_ris(
    text: str, deadline: Deadline | None = None
) -> tuple[list[Reference], list[Problem]]:
    """Parse RIS records; a record without ``ER`` is kept and reported.

    Lines are counted first, then read one at a time; each record's size is
    counted as it grows: a limit reached is a problem (or, for the whole file,
    an error), never a long wait.
    """
    # Lines as universal newlines cut them, counted before any is read.
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    if lines + (not text.endswith(("\n", "\r"))) > MAX_LINES:
        raise TooManyLines(limit=MAX_LINES)
    deadline = deadline or Deadline.for_size(len(text))
    records = _Records()
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        deadline.tick(number)
        records.read(line.rstrip(), number)
    records.close()
    return records.references, records.problems.listed()


class _Records:
    """The records read so far, and the one being read."""

    def __init__(self) -> None:
        self.references: list[Reference] = []
        self.problems = ProblemLog()
        self.record: list[tuple[str, list[str]]] = []
        self.start = 0
        self.size = 0
        self.skipping = False  # the record went over budget: read to its end

    def read(self, line: str, number: int) -> None:
        match = _LINE.match(line)
        tag, value = (match[1], (match[2] or "").strip()) if match else ("", line)
        if tag in ("TY", "ER"):
            self.close(ended=tag == "ER")
            if tag == "TY":
                self.record, self.start, self.size = [(tag, [value])], number, 0
            return
        if self.skipping or not (self.record or (match is None and line.strip())):
            return
        if not self.record:
            self.problems.add("ris-syntax", number, None, {"detail": line[:60]})
            return
        self._add(tag, value.strip())

    def _add(self, tag: str, value: str) -> None:
        self.size += len(value) + 1
        if self.size > MAX_ENTRY_CHARS:
            params = {"limit": MAX_ENTRY_CHARS}
            key = next((v[0] for t, v in self.record if t == "ID"), None)
            self.problems.append(Problem("entry-too-large", self.start, key, params))
            self.record, self.skipping = [], True
        elif tag:
            self.record.append((tag, [value]))
        elif value:  # a continuation of the field above
            self.record[-1][1].append(value)

    def close(self, *, ended: bool = False) -> None:
        """End the record being read; without ``ER``, keep it and say so."""
        self.skipping = False
        if not self.record:
            return
        if len(self.references) >= MAX_BLOCKS:
            raise TooManyEntries(limit=MAX_BLOCKS)
        fields = [(tag, " ".join(parts)) for tag, parts in self.record]
        reference = _reference(fields, len(self.references))
        self.references.append(reference)
        if not ended:
            self.problems.append(Problem("ris-unterminated", self.start, reference.key))
        self.record = []


def _reference(record: list[tuple[str, str]], index: int) -> Reference:
    fields: dict[str, str] = {}
    people: dict[str, list[Person]] = {"author": [], "editor": []}
    pages = ["", ""]
    for tag, value in record:
        if tag in ("AU", "A1"):
            people["author"].append(_person(value))
        elif tag in ("ED", "A2", "A3"):
            people["editor"].append(_person(value))
        elif tag in ("PY", "Y1", "DA") and "year" not in fields:
            _date(value, fields)
        elif tag in ("SP", "EP"):
            pages[tag == "EP"] = value
        elif tag in FIELDS:
            name = FIELDS[tag]
            if name == "keywords" and name in fields:
                fields[name] = f"{fields[name]}, {value}"
            else:
                fields.setdefault(name, value)
    entry_type = TYPES.get(record[0][1], "misc")
    if entry_type == "article" and "booktitle" in fields and "journal" not in fields:
        fields["journal"] = fields.pop("booktitle")
    if pages[0]:
        fields["pages"] = EN_DASH.join(page for page in pages if page)
    key = dict(record).get("ID") or _key(people["author"], fields, index)
    return build_reference(key, entry_type, fields, people)


def build_reference(
    key: str, entry_type: str, fields: dict[str, str], people: dict[str, list[Person]]
) -> Reference:
    """Return a reference with name fields spelled canonically."""
    ordered = [(name, value) for name, value in fields.items() if value]
    for role in ("editor", "author"):
        if people.get(role):
            ordered.insert(0, (role, names_text(tuple(people[role]))))
    doi = fields.get("doi")
    return Reference(
        key, entry_type, tuple(ordered), tuple(people.get("author", ())),
        tuple(people.get("editor", ())), doi=doi.lower() if doi else None,
    )  # fmt: skip


def _person(value: str) -> Person:
    parts = [part.strip() for part in value.split(",")]
    if len(parts) == 1:
        return Person(literal=value.strip())
    family, given = parts[0], parts[-1] if len(parts) > 1 else ""
    suffix = parts[1] if len(parts) > 2 else ""
    words = family.split(" ")
    particles = [w for w in words[:-1] if w[:1].islower()]
    rest = " ".join(words[len(particles) :])
    return Person(family=rest, given=given, particle=" ".join(particles), suffix=suffix)


def _date(value: str, fields: dict[str, str]) -> None:
    match = re.match(r"(\d{4})(?:/(\d{1,2}))?", value)
    if match:
        fields["year"] = match[1]
        if match[2] and 1 <= int(match[2]) <= 12:
            fields["month"] = MONTHS[int(match[2]) - 1]


def _key(authors: Sequence[Person], fields: dict[str, str], index: int) -> str:
    name = (authors[0].family or authors[0].literal) if authors else "ref"
    stem = re.sub(r"\W+", "", name.lower()) or "ref"
    return f"{stem}{fields.get('year', '')}_{index + 1}"


def write_ris(references: Iterable[Reference]) -> str:
    """Return RIS text for ``references`` (every record closed by ``ER``)."""
    lines: list[str] = []
    for reference in references:
        lines.append(f"TY  - {_TYPE_BACK.get(reference.entry_type, 'GEN')}")
        lines.append(f"ID  - {reference.key}")
        lines.extend(f"AU  - {_spell(person)}" for person in reference.authors)
        lines.extend(f"ED  - {_spell(person)}" for person in reference.editors)
        lines.extend(_field_lines(reference))
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


def _field_lines(reference: Reference) -> list[str]:
    lines = []
    for name, value in reference.fields:
        flat = _ASCII_SPACES.sub(" ", value).strip()
        if name == "year":
            month = reference.get("month") or ""
            number = MONTHS.index(month) + 1 if month in MONTHS else 0
            lines.append(f"PY  - {flat}/{number:02d}" if number else f"PY  - {flat}")
        elif name == "pages":
            flat = re.sub(rf"\s*(?:-+|{EN_DASH})\s*", EN_DASH, flat)
            start, _, end = flat.partition(EN_DASH)
            lines.append(f"SP  - {start}")
            if end:
                lines.append(f"EP  - {end}")
        elif name == "doi" and reference.doi:
            lines.append(f"DO  - {reference.doi}")
        elif name in _WRITE:
            lines.append(f"{_WRITE[name]}  - {flat}")
    return lines


def _spell(person: Person) -> str:
    if person.literal:
        return person.literal
    family = " ".join(part for part in (person.particle, person.family) if part)
    return ", ".join(part for part in (family, person.suffix, person.given) if part)
