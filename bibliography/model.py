"""Frozen reference model: the document as written and each entry's meaning."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from bibliography.errors import Problem

BlockKind = Literal["entry", "string", "preamble", "comment", "text", "failed"]


@dataclass(frozen=True, slots=True)
class Field:
    """A field as written: name and raw value (braces, quotes, ``#`` kept)."""

    name: str
    raw: str
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Entry:
    """An entry as written."""

    entry_type: str
    key: str
    fields: tuple[Field, ...]
    line: int | None = field(default=None, compare=False)

    def field_map(self) -> dict[str, str]:
        """Return raw values by lower-cased name, the first occurrence winning."""
        found: dict[str, str] = {}
        for item in self.fields:
            found.setdefault(item.name.lower(), item.raw)
        return found


@dataclass(frozen=True, slots=True)
class Block:
    """A slice of the source: its exact text, and the entry when it is one."""

    kind: BlockKind
    text: str
    line: int
    entry: Entry | None = None
    name: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """A name split BibTeX-wise, or a literal (corporate) name."""

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""

    def display(self) -> str:
        """Return a readable "Given particle Family, Suffix" form."""
        if self.literal:
            return self.literal
        parts = [self.given, self.particle, self.family]
        text = " ".join(part for part in parts if part)
        return f"{text}, {self.suffix}" if self.suffix else text


def names_text(persons: tuple[Person, ...], *, et_al: bool = False) -> str:
    """Return a canonical "particle family, suffix, given and ..." text."""
    spelled = []
    for person in persons:
        last = " ".join(part for part in (person.particle, person.family) if part)
        rest = [part for part in (person.suffix, person.given) if part]
        spelled.append(person.literal or ", ".join([last, *rest]))
    return " and ".join([*spelled, "others"] if et_al else spelled)


@dataclass(frozen=True, slots=True)
class Reference:
    """The meaning of an entry: expanded, inherited and decoded to Unicode."""

    key: str
    entry_type: str
    fields: tuple[tuple[str, str], ...] = ()
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    authors_et_al: bool = False
    editors_et_al: bool = False
    doi: str | None = None

    def get(self, name: str, default: str | None = None) -> str | None:
        """Return the decoded value of field ``name`` (lower case)."""
        for key, value in self.fields:
            if key == name:
                return value
        return default

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-safe dict that :meth:`from_json` reads back unchanged."""
        return {
            "key": self.key,
            "entry_type": self.entry_type,
            "fields": [[name, value] for name, value in self.fields],
            "authors": [_person_json(p) for p in self.authors],
            "editors": [_person_json(p) for p in self.editors],
            "authors_et_al": self.authors_et_al,
            "editors_et_al": self.editors_et_al,
            "doi": self.doi,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reference:
        """Rebuild a reference written by :meth:`to_json`."""
        return cls(
            key=str(data["key"]),
            entry_type=str(data["entry_type"]),
            fields=tuple((str(k), str(v)) for k, v in data.get("fields", ())),
            authors=tuple(Person(**p) for p in data.get("authors", ())),
            editors=tuple(Person(**p) for p in data.get("editors", ())),
            authors_et_al=bool(data.get("authors_et_al")),
            editors_et_al=bool(data.get("editors_et_al")),
            doi=data.get("doi"),
        )


def _person_json(person: Person) -> dict[str, str]:
    return {
        "family": person.family,
        "given": person.given,
        "particle": person.particle,
        "suffix": person.suffix,
        "literal": person.literal,
    }


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed BibTeX file: blocks for write-back, references, problems."""

    blocks: tuple[Block, ...]
    references: tuple[Reference, ...]
    problems: tuple[Problem, ...] = ()
    encoding: str = "utf-8"
    bom: bool = False

    def entries(self) -> Iterator[Entry]:
        """Yield the entries as written, in file order."""
        return (block.entry for block in self.blocks if block.entry is not None)

    def find(self, key: str) -> Reference | None:
        """Return the reference with ``key`` (case-insensitive), if any."""
        wanted = key.casefold()
        return next((r for r in self.references if r.key.casefold() == wanted), None)
