"""What a stored file really is, read from its bytes, never from its name.

PDF starts with ``%PDF-``; PPTX is a zip holding ``ppt/presentation.xml``; ODP is
a zip whose ``mimetype`` entry says so. Anything else (an executable renamed
``.pdf`` included) is refused. Every read is budgeted (:mod:`lti_app.budgets`):
a file past a budget raises :class:`LimitReachedError` naming it, whatever its
kind, and costs at most a fraction of a second and a few megabytes.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lti_app.submissions import pdfpages
from lti_app.submissions.bounded import Deadline, Inflated, LimitReachedError, open_zip
from lti_app.submissions.xmlstream import XmlError, count_tags

__all__ = ["Inspection", "LimitReachedError", "UnknownTypeError", "inspect"]

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
EXTENSIONS = {"pdf": "pdf", "pptx": "pptx", "odp": "odp"}
LABELS = {"pdf": "PDF", "pptx": "PowerPoint (PPTX)", "odp": "Impress (ODP)"}
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
_DRAW_PAGE = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}page"
# A slide of the deck, in transitional and in strict Office Open XML.
_SLIDE_IDS = frozenset(
    {
        "{http://schemas.openxmlformats.org/presentationml/2006/main}sldId",
        "{http://purl.oclc.org/ooxml/presentationml/main}sldId",
    }
)


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
    """Prove the kind of the file at ``path``.

    Raise :class:`UnknownTypeError` for another kind, :class:`LimitReachedError`
    when reading it would pass a budget.
    """
    with path.open("rb") as handle:
        head = handle.read(8)
    deadline = Deadline()
    if head.startswith(b"%PDF-"):
        return Inspection("pdf", pdfpages.count_pages(path, deadline))
    if head.startswith(b"PK\x03\x04"):
        return _inspect_zip(path, deadline)
    raise UnknownTypeError("unrecognised content")


def _inspect_zip(path: Path, deadline: Deadline) -> Inspection:
    try:
        with open_zip(path) as archive:
            names = set(archive.namelist())
            inflated = Inflated(deadline, path.stat().st_size)
            if "ppt/presentation.xml" in names:
                return Inspection(
                    "pptx",
                    _count(inflated, archive, "ppt/presentation.xml", _SLIDE_IDS),
                )
            if "mimetype" in names and _mimetype(inflated, archive) == ODP_MIMETYPE:
                if "content.xml" not in names:
                    return Inspection("odp", None)
                return Inspection(
                    "odp", _count(inflated, archive, "content.xml", {_DRAW_PAGE})
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
            NotImplementedError, RuntimeError) as error:  # fmt: skip
        raise UnknownTypeError("damaged zip") from error
    raise UnknownTypeError("zip of another kind")


def _mimetype(inflated: Inflated, archive: zipfile.ZipFile) -> bytes:
    """The first bytes of the ``mimetype`` entry: ODF's own proof of kind."""
    with inflated.open(archive, "mimetype", limit=1024) as member:
        return member.read(1024).strip()


def _count(inflated: Inflated, archive: zipfile.ZipFile, name: str,
           tags: frozenset[str] | set[str]) -> int:  # fmt: skip
    """Count ``tags`` in the XML member ``name``, streamed under the budgets."""
    try:
        with inflated.open(archive, name) as member:
            return count_tags(member, tags, inflated.deadline)
    except XmlError as error:
        raise UnknownTypeError(f"damaged {name}") from error
