"""Format detection and conversion between BibTeX, RIS and CSL-JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from bibliography.budgets import MAX_INPUT_BYTES
from bibliography.csljson import read_csljson, write_csljson
from bibliography.dedupe import find_duplicates
from bibliography.errors import FormatError, Problem
from bibliography.model import Document, Reference
from bibliography.parser import parse_bibtex
from bibliography.ris import read_ris, write_ris
from bibliography.scanner import decode
from bibliography.writer import blocks_from_entries, entry_from_reference

FORMATS = ("bibtex", "ris", "csljson")
_EXTENSIONS = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "csljson"}


@dataclass(frozen=True)
class Imported:
    """References read from any format, with problems and duplicates found.

    For BibTeX, ``document`` is the parsed file: its blocks keep each entry as
    written, for storing it losslessly.
    """

    references: tuple[Reference, ...]
    problems: tuple[Problem, ...]
    format: str
    document: Document | None = None


def guess_format(name: str, data: bytes) -> str:
    """Guess the format from the file extension, else from the content."""
    by_name = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if by_name:
        return by_name
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"[", b"{")):
        return "csljson"
    if head.startswith(b"TY  -"):
        return "ris"
    if b"@" in head:
        return "bibtex"
    raise FormatError(detail=PurePath(name).name or "?")


def read_references(
    data: bytes, name: str = "", max_bytes: int = MAX_INPUT_BYTES
) -> Imported:
    """Read BibTeX, RIS or CSL-JSON bytes into references."""
    kind = guess_format(name, data)
    if kind == "bibtex":
        document = parse_bibtex(data, max_bytes=max_bytes)
        # The parser already reports duplicate keys, with their lines.
        found = find_duplicates(document.references)
        extra = tuple(p for p in found if p.code != "duplicate-key")
        return Imported(document.references, document.problems + extra, kind, document)
    text, _, _ = decode(data, max_bytes)
    reader = read_ris if kind == "ris" else read_csljson
    references, problems = reader(text)
    duplicates = find_duplicates(references)
    return Imported(tuple(references), tuple(problems + duplicates), kind)


def write_references(references: Sequence[Reference], kind: str) -> str:
    """Write ``references`` as ``bibtex``, ``ris`` or ``csljson`` text."""
    if kind == "ris":
        return write_ris(references)
    if kind == "csljson":
        return write_csljson(references)
    if kind == "bibtex":
        blocks = blocks_from_entries(entry_from_reference(r) for r in references)
        return "".join(block.text for block in blocks)
    raise FormatError(detail=kind)
