"""From entries as written to references: macros, crossref, names, LaTeX."""

from __future__ import annotations

import re

from bibliography.bibtex import NameSplitError, split_names
from bibliography.entrytypes import (
    NAME_FIELDS,
    REQUIRED,
    VERBATIM_FIELDS,
    missing_fields,
)
from bibliography.errors import Problem
from bibliography.latex import decode_latex
from bibliography.model import Block, Entry, Person, Reference, names_text
from bibliography.values import MONTH_MACROS, expand, normalise_doi

_INHERIT_AS = {"title": "booktitle"}
_HTTP = re.compile(r"https?://", re.IGNORECASE)


def resolve(blocks: list[Block]) -> tuple[list[Reference], list[Problem]]:
    """Return the meaning of every entry of ``blocks``, with problems found."""
    problems: list[Problem] = []
    macros = dict(MONTH_MACROS)
    expanded: list[tuple[Entry, dict[str, str]]] = []
    first_line: dict[str, int | None] = {}
    for block in blocks:
        if block.kind == "string" and block.name is not None:
            value, _ = expand(block.value or "", macros)
            macros[block.name.lower()] = value
        entry = block.entry
        if entry is None:
            continue
        folded = entry.key.casefold()
        if folded in first_line and entry.key:
            params = {"first_line": first_line[folded] or 0}
            problems.append(Problem("duplicate-key", entry.line, entry.key, params))
        first_line.setdefault(folded, entry.line)
        expanded.append((entry, _expand_fields(entry, macros, problems)))
    by_key = {entry.key.casefold(): fields for entry, fields in reversed(expanded)}
    references = []
    for entry, fields in expanded:
        fields = _inherit(entry, fields, by_key, problems)
        _check_type(entry, fields, problems)
        _check_url(entry, fields, problems)
        references.append(_reference(entry, fields, problems))
    return references, problems


def _expand_fields(
    entry: Entry, macros: dict[str, str], problems: list[Problem]
) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in entry.fields:
        name = item.name.lower()
        if name in fields:
            continue
        value, undefined = expand(item.raw, macros)
        for macro in undefined:
            params = {"macro": macro}
            problems.append(Problem("undefined-macro", item.line, entry.key, params))
        fields[name] = value
    return fields


def _inherit(
    entry: Entry,
    fields: dict[str, str],
    by_key: dict[str, dict[str, str]],
    problems: list[Problem],
) -> dict[str, str]:
    parent_key = fields.get("crossref", "").strip()
    if not parent_key:
        return fields
    parent = by_key.get(parent_key.casefold())
    if parent is None or parent is fields:
        params = {"parent": parent_key}
        problems.append(Problem("missing-crossref", entry.line, entry.key, params))
        return fields
    merged = dict(fields)
    for name, value in parent.items():
        if name in ("crossref", "ids"):
            continue
        merged.setdefault(name, value)
        if name in _INHERIT_AS:
            merged.setdefault(_INHERIT_AS[name], value)
    return merged


def _check_type(entry: Entry, fields: dict[str, str], problems: list[Problem]) -> None:
    entry_type = entry.entry_type.lower()
    if entry_type not in REQUIRED:
        params = {"type": entry.entry_type}
        problems.append(Problem("unknown-type", entry.line, entry.key, params))
        return
    for name in missing_fields(entry_type, {k for k, v in fields.items() if v.strip()}):
        problems.append(
            Problem("missing-field", entry.line, entry.key, {"field": name})
        )


def _check_url(entry: Entry, fields: dict[str, str], problems: list[Problem]) -> None:
    """Links are only ever rendered for http(s) URLs: say so for the others."""
    url = fields.get("url", "").strip()
    if url and not _HTTP.match(url):
        problems.append(Problem("unsafe-url", entry.line, entry.key))


def _reference(
    entry: Entry, fields: dict[str, str], problems: list[Problem]
) -> Reference:
    persons: dict[str, tuple[tuple[Person, ...], bool]] = {}
    decoded: list[tuple[str, str]] = []
    for name, value in fields.items():
        if name in NAME_FIELDS:
            try:
                persons[name] = split_names(value)
            except NameSplitError:
                params = {"field": name}
                problems.append(Problem("bad-name", entry.line, entry.key, params))
            else:
                decoded.append(
                    (name, names_text(*persons[name][:1], et_al=persons[name][1]))
                )
                continue
        text = value.strip() if name in VERBATIM_FIELDS else decode_latex(value)
        decoded.append((name, text))
    authors, authors_et_al = persons.get("author", ((), False))
    editors, editors_et_al = persons.get("editor", ((), False))
    doi = normalise_doi(fields["doi"]) if fields.get("doi") else None
    return Reference(
        entry.key, entry.entry_type.lower(), tuple(decoded), authors, editors,
        authors_et_al, editors_et_al, doi,
    )  # fmt: skip
