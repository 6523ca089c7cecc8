"""Pure-Python bibliography tools: BibTeX/RIS/CSL-JSON, CSL rendering, citations."""

from __future__ import annotations

from bibliography.citations import CitationResult, process_citations
from bibliography.convert import read_references, write_references
from bibliography.csl import (
    Cite,
    Rendered,
    render_bibliography,
    render_citations,
    render_reference,
)
from bibliography.errors import (
    BibliographyError,
    EncodingError,
    FormatError,
    InputTooLarge,
    LocaleError,
    ParseError,
    Problem,
    StyleError,
    TooManyEntries,
)
from bibliography.messages import TEMPLATES, render_message
from bibliography.model import Block, Document, Entry, Field, Person, Reference
from bibliography.parser import parse_bibtex
from bibliography.writer import (
    entry_from_reference,
    format_entry,
    replace_entry,
    write_bibtex,
)

__all__ = [
    "TEMPLATES", "BibliographyError", "Block", "CitationResult", "Cite", "Document",
    "EncodingError", "Entry", "Field", "FormatError", "InputTooLarge", "LocaleError",
    "ParseError", "Person", "Problem", "Reference", "Rendered", "StyleError",
    "TooManyEntries", "entry_from_reference", "format_entry", "parse_bibtex",
    "process_citations", "read_references", "render_bibliography", "render_citations",
    "render_message", "render_reference", "replace_entry", "write_bibtex",
    "write_references",
]  # fmt: skip
