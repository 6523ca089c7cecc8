"""BibTeX write-back: unedited blocks verbatim, new or edited entries formatted."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from bibliography.latex import encode_latex
from bibliography.model import Block, Document, Entry, Field, Person, Reference
from bibliography.parser import parse_bibtex
from bibliography.values import MONTH_MACROS

_MONTH_BY_NAME = {name.lower(): macro for macro, name in MONTH_MACROS.items()}


def write_bibtex(document: Document) -> bytes:
    """Return the file bytes; an unedited document comes back byte for byte."""
    text = "".join(block.text for block in document.blocks)
    data = text.encode(document.encoding, "surrogatepass")
    return b"\xef\xbb\xbf" + data if document.bom else data


def format_entry(entry: Entry) -> str:
    """Return the BibTeX text of ``entry`` (fields in their order)."""
    lines = [f"@{entry.entry_type}{{{entry.key},"]
    lines.extend(f"  {item.name} = {item.raw}," for item in entry.fields)
    return "\n".join(lines) + "\n}"


def replace_entry(document: Document, entry: Entry) -> Document:
    """Return ``document`` with the first entry of the same key rewritten.

    Every other block keeps its exact text; the result is parsed again so that
    meaning, problems and line numbers stay consistent.
    """
    wanted = entry.key.casefold()
    blocks = list(document.blocks)
    for index, block in enumerate(blocks):
        if block.entry is not None and block.entry.key.casefold() == wanted:
            blocks[index] = Block("entry", format_entry(entry), block.line, entry)
            break
    else:
        raise KeyError(entry.key)
    edited = replace(document, blocks=tuple(blocks))
    return parse_bibtex(write_bibtex(edited))


def blocks_from_entries(entries: Iterable[Entry]) -> tuple[Block, ...]:
    """Return formatted blocks, separated by blank lines, for new entries."""
    blocks: list[Block] = []
    for entry in entries:
        if blocks:
            blocks.append(Block("text", "\n\n", 0))
        blocks.append(Block("entry", format_entry(entry), 0, entry))
    return (*blocks, Block("text", "\n", 0)) if blocks else ()


def entry_from_reference(reference: Reference) -> Entry:
    """Return the BibTeX spelling of a reference (Unicode encoded for LaTeX)."""
    fields: list[Field] = []
    for name, value in reference.fields:
        if name == "author" and reference.authors:
            value_raw = _names(reference.authors, et_al=reference.authors_et_al)
        elif name == "editor" and reference.editors:
            value_raw = _names(reference.editors, et_al=reference.editors_et_al)
        elif name == "month" and value.lower() in _MONTH_BY_NAME:
            value_raw = _MONTH_BY_NAME[value.lower()]
        elif name == "doi" and reference.doi:
            value_raw = "{" + reference.doi + "}"
        elif name in ("url", "file", "doi"):
            value_raw = "{" + _balanced(value) + "}"
        else:
            value_raw = "{" + encode_latex(value) + "}"
        fields.append(Field(name, value_raw))
    return Entry(reference.entry_type, reference.key, tuple(fields))


def _balanced(value: str) -> str:
    """Drop braces from a verbatim value when they would not balance."""
    return value if value.count("{") == value.count("}") else re.sub(r"[{}]", "", value)


def _names(persons: tuple[Person, ...], *, et_al: bool) -> str:
    spelled = [_name(person) for person in persons]
    if et_al:
        spelled.append("others")
    return "{" + " and ".join(spelled) + "}"


def _name(person: Person) -> str:
    """Spell a person "particle {Family}, {Suffix}, {Given}", braces guarding commas."""
    if person.literal:
        return "{" + encode_latex(person.literal) + "}"
    family = "{" + encode_latex(person.family) + "}"
    last = f"{encode_latex(person.particle)} {family}" if person.particle else family
    rest = [
        "{" + encode_latex(part) + "}" for part in (person.suffix, person.given) if part
    ]
    if person.suffix and not person.given:
        rest.append("{}")
    return ", ".join([last, *rest])
