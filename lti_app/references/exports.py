"""Exports: the course bibliography or one section as BibTeX, RIS or CSL-JSON."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bibliography import Reference as Meaning
from bibliography import fold, write_references
from lti_app.references.models import Reference

FORMATS = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csljson": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


@dataclass(frozen=True)
class Export:
    """A file to download."""

    body: str
    mimetype: str
    filename: str


def export_text(rows: Sequence[Reference], kind: str) -> str:
    """BibTeX entries as written (lossless), or the package's RIS / CSL-JSON."""
    if kind == "bibtex":
        return "\n".join(row.bibtex.rstrip("\n") + "\n" for row in rows)
    return write_references([Meaning.from_json(row.meaning) for row in rows], kind)


def slug(text: str) -> str:
    """A file-name-safe version of a title."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "bibliographie"


def export(rows: Sequence[Reference], kind: str, name: str) -> Export:
    """The download of ``rows`` in format ``kind``."""
    mimetype, suffix = FORMATS[kind]
    return Export(export_text(rows, kind), mimetype, f"{slug(name)}.{suffix}")
