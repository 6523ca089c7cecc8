"""From entries as written to references: macros, crossref, names, LaTeX."""

from __future__ import annotations

import re

from bibliography.bibtex import NameSplitError, split_names
from bibliography.budgets import Deadline, ProblemLog
from bibliography.entrytypes import (
    NAME_FIELDS,
    REQUIRED,
    VERBATIM_FIELDS,
    missing_fields,
)
from bibliography.errors import (
    ExpansionBudgetSpent,
    ExpansionTooLarge,
    ParseError,
    Problem,
)
from bibliography.latex import decode_latex
from bibliography.model import Block, Entry, Person, Reference, names_text
from bibliography.values import (
    MONTH_MACROS,
    ExpansionBudget,
    expand,
    normalise_doi,
)

_INHERIT_AS = {"title": "booktitle"}
_HTTP = re.compile(r"https?://", re.IGNORECASE)


def resolve(
    blocks: list[Block], deadline: Deadline | None = None
) -> tuple[list[Block], list[Reference], list[Problem]]:
    """Return the blocks, the meaning of every entry, and the problems found.

    An entry whose expansion goes over budget has no meaning: its block comes
    back as ``failed``, kept as written.
    """
    deadline = deadline or Deadline.for_size(sum(len(b.text) for b in blocks))
    problems = ProblemLog()
    budget = ExpansionBudget()
    macros = dict(MONTH_MACROS)
    expanded: list[tuple[int, Entry, dict[str, str]]] = []
    failed: set[int] = set()
    first_line: dict[str, int | None] = {}
    for index, block in enumerate(blocks):
        deadline.check(block.line)
        if block.kind == "string" and block.name is not None:
            _define(block, block.name, macros, budget, problems)
        entry = block.entry
        if entry is None:
            continue
        folded = entry.key.casefold()
        if folded in first_line and entry.key:
            params = {"first_line": first_line[folded] or 0}
            problems.append(Problem("duplicate-key", entry.line, entry.key, params))
        first_line.setdefault(folded, entry.line)
        fields = _expand_fields(entry, macros, budget, problems)
        if fields is None:
            failed.add(index)
        else:
            expanded.append((index, entry, fields))
    references = _references(expanded, budget, failed, problems, deadline)
    kept = [
        Block("failed", block.text, block.line) if index in failed else block
        for index, block in enumerate(blocks)
    ]
    return kept, references, problems


def _references(
    expanded: list[tuple[int, Entry, dict[str, str]]],
    budget: ExpansionBudget,
    failed: set[int],
    problems: list[Problem],
    deadline: Deadline,
) -> list[Reference]:
    """Inherit, check and decode each expanded entry (crossref needs them all)."""
    by_key = {entry.key.casefold(): fields for _, entry, fields in reversed(expanded)}
    references = []
    for index, entry, fields in expanded:
        deadline.check(entry.line)
        merged = _inherit(entry, fields, by_key, budget, problems)
        if merged is None:
            failed.add(index)
            continue
        _check_type(entry, merged, problems)
        _check_url(entry, merged, problems)
        references.append(_reference(entry, merged, problems))
    return references


def _over_budget(error: ParseError, line: int | None, key: str) -> Problem:
    return Problem(error.code, line, key or None, {"limit": error.params["limit"]})


def _define(
    block: Block,
    name: str,
    macros: dict[str, str],
    budget: ExpansionBudget,
    problems: list[Problem],
) -> None:
    """Define a ``@string`` macro; one over budget spoils those built on it."""
    budget.start_entry()
    try:
        macros[name.lower()], _ = expand(block.value or "", macros, budget)
    except (ExpansionTooLarge, ExpansionBudgetSpent) as error:
        budget.abandon_entry()
        macros.pop(name.lower(), None)
        budget.spoiled[name.lower()] = error
        if "macro" not in error.params:  # reported once, where it first grew
            problems.append(_over_budget(error, block.line, name))


def _expand_fields(
    entry: Entry,
    macros: dict[str, str],
    budget: ExpansionBudget,
    problems: list[Problem],
) -> dict[str, str] | None:
    """The entry's fields expanded, or None when it goes over budget."""
    fields: dict[str, str] = {}
    budget.start_entry()
    for item in entry.fields:
        name = item.name.lower()
        if name in fields:
            continue
        try:
            value, undefined = expand(item.raw, macros, budget)
        except (ExpansionTooLarge, ExpansionBudgetSpent) as error:
            budget.abandon_entry()
            problems.append(_over_budget(error, item.line, entry.key))
            return None
        for macro in undefined:
            params = {"macro": macro}
            problems.append(Problem("undefined-macro", item.line, entry.key, params))
        fields[name] = value
    return fields


def _inherit(
    entry: Entry,
    fields: dict[str, str],
    by_key: dict[str, dict[str, str]],
    budget: ExpansionBudget,
    problems: list[Problem],
) -> dict[str, str] | None:
    """Fields with the crossref parent's added, or None when over budget."""
    parent_key = fields.get("crossref", "").strip()
    if not parent_key:
        return fields
    parent = by_key.get(parent_key.casefold())
    if parent is None or parent is fields:
        params = {"parent": parent_key}
        problems.append(Problem("missing-crossref", entry.line, entry.key, params))
        return fields
    merged = dict(fields)
    try:
        budget.start_entry(sum(map(len, fields.values())))
        for name, value in parent.items():
            if name in ("crossref", "ids"):
                continue
            for target in (name, _INHERIT_AS.get(name)):
                if target is not None and target not in merged:
                    budget.spend(len(value), added=True)
                    merged[target] = value
    except (ExpansionTooLarge, ExpansionBudgetSpent) as error:
        budget.abandon_entry()
        problems.append(_over_budget(error, entry.line, entry.key))
        return None
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
