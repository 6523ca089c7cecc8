"""Imports, first step: read incoming bytes of any supported format into entries.

Each entry keeps its meaning, its BibTeX text and its line; file-wide problems
are kept for the analysis (:mod:`lti_app.references.import_matching`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from flask_babel import format_decimal

from bibliography import (
    BibliographyError,
    EncodingError,
    FormatError,
    Imported,
    InputTooLarge,
    Problem,
    Reference,
    guess_format,
    read_references,
)
from lti_app.references.codec import entry_text, formatted_text
from lti_app.references.errors import (
    InputEmpty,
    InputTooBig,
    TooManyEntries,
    Unreadable,
    WrongFileType,
)

FILE_SUFFIXES = {".bib", ".bibtex", ".ris", ".json", ".txt"}
# Duplicates inside the input are found again by the analysis, against the course.
DUPLICATE_CODES = ("duplicate-key", "duplicate-doi", "duplicate-title")


@dataclass(frozen=True)
class Parsed:
    """Incoming entries (meaning + BibTeX text + line) and file-wide problems."""

    format: str
    entries: list[tuple[Reference, str, int | None]]
    problems: list[Problem]


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """A JSON-safe problem."""
    return {"code": problem.code, "line": problem.line, "key": problem.key,
            "params": dict(problem.params)}  # fmt: skip


def problem_from_json(data: Mapping[str, Any]) -> Problem:
    """Rebuild a stored problem, to render its message in the reader's language."""
    return Problem(
        data["code"], data.get("line"), data.get("key"), data.get("params", {})
    )


# The largest import we promise: 10,000 entries, plus the broken ones a real
# export carries (benchmarks/reading_list.py sends 12,050 for 10,000). Reading,
# checking for duplicates and previewing cost about 40 µs of CPU and 3 KB of
# memory per entry, so a file of tiny entries at the size limit would otherwise
# hold a worker for seconds. A larger bibliography is split.
MAX_ENTRIES = 12_500
_RIS_START = re.compile(rb"^[ \t]*TY  -", re.MULTILINE)
_BIBTEX_START = re.compile(rb"^[ \t]*@", re.MULTILINE)


def read_input(data: bytes, name: str, max_bytes: int, *, upload: bool) -> Parsed:
    """Read bytes of any supported format; refuse unusable input as a whole."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputEmpty()
    if len(data) > max_bytes:
        raise InputTooBig(limit=max_bytes // 1024)
    if upload and PurePath(name).suffix.lower() not in FILE_SUFFIXES:
        raise WrongFileType(PurePath(name).name)
    try:
        kind = guess_format(name if upload else "", data)
    except FormatError as error:
        raise WrongFileType(error.message()) from error
    if _entry_count(kind, data) > MAX_ENTRIES:
        raise TooManyEntries(limit=format_decimal(MAX_ENTRIES))
    try:
        return _read(kind, data, name, max_bytes)
    except InputTooLarge as error:
        raise InputTooBig(limit=max_bytes // 1024) from error
    except (EncodingError, UnicodeDecodeError) as error:
        raise Unreadable() from error
    except BibliographyError as error:
        raise Unreadable(error.message()) from error


def _entry_count(kind: str, data: bytes) -> int:
    """An upper bound on the entries, counted before anything is parsed."""
    if kind == "ris":
        return len(_RIS_START.findall(data))
    if kind == "csljson":
        return data.count(b'"id"')  # every CSL item has one; nothing else does
    return len(_BIBTEX_START.findall(data))  # @string and @comment counted too


def _read(kind: str, data: bytes, name: str, max_bytes: int) -> Parsed:
    imported = read_references(data, name or f"input.{kind}", max_bytes)
    kept = [p for p in imported.problems if p.code not in DUPLICATE_CODES]
    return Parsed(imported.format, _entries(imported), kept)


def _entries(imported: Imported) -> list[tuple[Reference, str, int | None]]:
    """Each reference with its BibTeX text: as written for BibTeX, else formatted."""
    if imported.document is None:
        return [(r, formatted_text(r), None) for r in imported.references]
    blocks = [b for b in imported.document.blocks if b.entry is not None]
    return [
        (reference, entry_text(block.entry, block.text, reference), block.line)
        for block, reference in zip(blocks, imported.references, strict=True)
        if block.entry is not None
    ]
