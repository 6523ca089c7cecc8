"""Pure-Python bibliography tools: BibTeX/RIS/CSL-JSON, CSL rendering, citations."""

from __future__ import annotations

from bibliography.citations import CitationResult, process_citations
from bibliography.collation import fold
from bibliography.convert import (
    Imported,
    guess_format,
    read_references,
    write_references,
)
from bibliography.csl import (
    Cite,
    Rendered,
    render_bibliography,
    render_citations,
    render_reference,
    validate_style,
)
from bibliography.csljson import csl_json_item
from bibliography.dedupe import duplicate_signatures, find_duplicates_against
from bibliography.entrytypes import optional_fields, required_fields
from bibliography.errors import (
    UNUSABLE_CODES,
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
    "TEMPLATES",
    "UNUSABLE_CODES",
    "BibliographyError",
    "Block",
    "CitationResult",
    "Cite",
    "Document",
    "EncodingError",
    "Entry",
    "Field",
    "FormatError",
    "Imported",
    "InputTooLarge",
    "LocaleError",
    "ParseError",
    "Person",
    "Problem",
    "Reference",
    "Rendered",
    "StyleError",
    "TooManyEntries",
    "csl_json_item",
    "duplicate_signatures",
    "entry_from_reference",
    "find_duplicates_against",
    "fold",
    "format_entry",
    "guess_format",
    "optional_fields",
    "parse_bibtex",
    "process_citations",
    "read_references",
    "render_bibliography",
    "render_citations",
    "render_message",
    "render_reference",
    "replace_entry",
    "required_fields",
    "validate_style",
    "write_bibtex",
    "write_references",
]  # fmt: skip
