"""What a stored file really is, read from its bytes, never from its name.

PDF starts with ``%PDF-``; PPTX is a zip holding ``ppt/presentation.xml``; ODP is
a zip whose ``mimetype`` entry says so. Anything else (an executable renamed
``.pdf`` included) is refused. Zip archives are read with bounds: a bomb stops at
the entry count or at the bytes read, never fills memory.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pypdf
from defusedxml import DefusedXmlException, ElementTree
from pypdf.errors import PyPdfError

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
EXTENSIONS = {"pdf": "pdf", "pptx": "pptx", "odp": "odp"}
LABELS = {"pdf": "PDF", "pptx": "PowerPoint (PPTX)", "odp": "Impress (ODP)"}
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
MAX_ENTRIES = 10_000
MAX_XML_BYTES = 64 * 1024 * 1024  # content.xml read at most this far
_SLIDE = re.compile(r"ppt/slides/slide[0-9]+\.xml")
_DRAW_PAGE = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}page"


class UnknownTypeError(ValueError):
    """The content is none of the kinds Cartable recognises."""


@dataclass(frozen=True)
class Inspection:
    """The proven kind of a file and its page or slide count (None if unknown)."""

    kind: str
    pages: int | None

    @property
    def content_type(self) -> str:
        """The MIME type of that kind."""
        return CONTENT_TYPES[self.kind]


def inspect(path: Path) -> Inspection:
    """Prove the kind of the file at ``path``; raise :class:`UnknownTypeError`."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return Inspection("pdf", _pdf_pages(path))
    if head.startswith(b"PK\x03\x04"):
        return _inspect_zip(path)
    raise UnknownTypeError("unrecognised content")


def _pdf_pages(path: Path) -> int | None:
    try:
        return len(pypdf.PdfReader(path).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return None  # a PDF by its header, but pypdf cannot count it


def _inspect_zip(path: Path) -> Inspection:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise UnknownTypeError("too many zip entries")
            names = {info.filename for info in infos}
            if "ppt/presentation.xml" in names:
                return Inspection("pptx", sum(1 for n in names if _SLIDE.fullmatch(n)))
            if "mimetype" in names and _read(archive, "mimetype", 100).strip() == (
                ODP_MIMETYPE
            ):
                return Inspection("odp", _odp_pages(archive, names))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise UnknownTypeError("damaged zip") from error
    raise UnknownTypeError("zip of another kind")


def _read(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as member:
        return member.read(limit)


class _Bounded:
    """A read-only stream that stops with an error past ``limit`` bytes."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw, self.left = raw, limit

    def read(self, size: int = -1) -> bytes:
        size = 65536 if size is None or size < 0 else size
        data = self.raw.read(min(size, self.left + 1))
        self.left -= len(data)
        if self.left < 0:
            raise UnknownTypeError("content.xml too large")
        return data


def _odp_pages(archive: zipfile.ZipFile, names: set[str]) -> int | None:
    """Count ``draw:page`` elements, streaming content.xml under a byte bound."""
    if "content.xml" not in names:
        return None
    count = 0
    try:
        with archive.open("content.xml") as member:
            for _event, element in ElementTree.iterparse(
                _Bounded(member, MAX_XML_BYTES), events=("end",)
            ):
                if element.tag == _DRAW_PAGE:
                    count += 1
                element.clear()
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise UnknownTypeError("damaged content.xml") from error
    return count
