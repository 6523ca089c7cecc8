"""The lossless layer: blocks as written, parsed one by one with bibtexparser."""

from __future__ import annotations

import logging

from bibtexparser import model as bp
from bibtexparser.entrypoint import parse_string

from bibliography.budgets import MAX_ENTRY_CHARS, Deadline, ProblemLog
from bibliography.errors import Problem
from bibliography.model import Block, Entry, Field
from bibliography.scanner import Segment, guess_key, split_blocks
from bibliography.values import FIELD_NAME, KEY, is_well_formed

# bibtexparser logs each failed block; we report them as problems instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False


def read_blocks(
    text: str, deadline: Deadline | None = None
) -> tuple[list[Block], list[Problem]]:
    """Return the blocks covering ``text`` exactly, and the problems found."""
    deadline = deadline or Deadline.for_size(len(text))
    segments = split_blocks(text)
    blocks: list[Block] = []
    problems = ProblemLog()
    for segment in segments:
        deadline.check(segment.line)
        source = text[segment.start : segment.end]
        if segment.kind == "text":
            blocks.append(Block("text", source, segment.line))
        else:
            blocks.append(_read_block(source, segment, problems))
    return blocks, problems


def _read_block(source: str, segment: Segment, problems: list[Problem]) -> Block:
    line = segment.line
    if not segment.complete:
        code = "entry-too-large" if segment.too_large else "unbalanced-braces"
        params = {"limit": MAX_ENTRY_CHARS} if segment.too_large else {}
        problems.append(Problem(code, line, guess_key(source), params))
        return Block("failed", source, line)
    parsed = [
        block
        for block in parse_string(source, parse_stack=[]).blocks
        if not isinstance(block, bp.ImplicitComment)
    ]
    if len(parsed) != 1:
        problems.append(Problem("syntax", line, guess_key(source)))
        return Block("failed", source, line)
    return _convert(parsed[0], source, line, problems)


def _convert(block: bp.Block, source: str, line: int, problems: list[Problem]) -> Block:
    if isinstance(block, bp.DuplicateFieldKeyBlock):
        inner = block.ignore_error_block
        if isinstance(inner, bp.Entry):
            block = inner
    if isinstance(block, bp.Entry):
        return Block("entry", source, line, _entry(block, line, problems))
    if isinstance(block, bp.String):
        return Block("string", source, line, name=block.key, value=str(block.value))
    if isinstance(block, bp.Preamble):
        return Block("preamble", source, line)
    if isinstance(block, bp.ExplicitComment):
        return Block("comment", source, line)
    problems.append(Problem("syntax", line, guess_key(source)))
    return Block("failed", source, line)


def _entry(block: bp.Entry, line: int, problems: list[Problem]) -> Entry:
    fields: list[Field] = []
    seen: set[str] = set()
    key = block.key
    if not key:
        problems.append(Problem("missing-key", line, None))
    elif not KEY.fullmatch(key):
        problems.append(Problem("syntax", line, key))
    for item in block.fields:
        field_line = line + (item.start_line or 0)
        name = item.key.lower()
        if name in seen:
            problems.append(
                Problem("duplicate-field", field_line, key or None, {"field": name})
            )
        seen.add(name)
        if not FIELD_NAME.fullmatch(item.key) or not is_well_formed(str(item.value)):
            problems.append(Problem("syntax", field_line, key or None, {"field": name}))
        fields.append(Field(item.key, str(item.value), field_line))
    return Entry(block.entry_type, key, tuple(fields), line)
