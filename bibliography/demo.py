"""The demo course's references, shipped as package data."""

from __future__ import annotations

from importlib.resources import files

from bibliography.model import Document
from bibliography.parser import parse_bibtex


def demo_bibtex() -> bytes:
    """Return the bytes of ``data/demo_course.bib``."""
    return files("bibliography").joinpath("data/demo_course.bib").read_bytes()


def demo_document() -> Document:
    """Return the parsed demo references."""
    return parse_bibtex(demo_bibtex())
