"""JSON's shape checked before :func:`json.loads` builds anything.

``json.loads`` recurses once per nesting level, builds every value before we
can look at it, and hands long digit runs to ``int()``. One pass over the
text, without recursion, refuses too deep, too many or too long first, and
notes where each top-level item starts, so that problems can name a line.
"""

from __future__ import annotations

import re

from bibliography.budgets import (
    MAX_BLOCKS,
    MAX_JSON_DEPTH,
    MAX_JSON_NUMBER_DIGITS,
    MAX_JSON_VALUES,
    Deadline,
)
from bibliography.errors import (
    JsonNumberTooLong,
    JsonTooDeep,
    JsonTooManyValues,
    TooManyEntries,
)

# Outside strings: brackets, separators, the start of a string, digit runs.
_MARK = re.compile(r'[\[\]{},"]|[0-9]+')
# The rest of a string after its opening quote; possessive, so linear.
_STRING_REST = re.compile(r'(?:[^"\\]++|\\.)*+"', re.DOTALL)
_SPACE = re.compile(r"[ \t\r\n]*")


def scan_json(text: str, deadline: Deadline) -> list[int]:
    """Check the shape of ``text``; return the line where each top-level item starts.

    Raise :class:`JsonTooDeep`, :class:`JsonTooManyValues`,
    :class:`JsonNumberTooLong` or :class:`TooManyEntries`. Invalid JSON is
    left for ``json.loads`` to report: the scan stops at an unterminated string.
    """
    depth = values = 0
    starts: list[int] = []
    in_list = False  # the top level is a list of items, not one item
    position = 0
    while (match := _MARK.search(text, position)) is not None:
        values += 1
        if values > MAX_JSON_VALUES:
            raise JsonTooManyValues(limit=MAX_JSON_VALUES)
        deadline.tick()
        mark, position = match[0], match.end()
        if mark == '"':
            rest = _STRING_REST.match(text, position)
            if rest is None:
                break
            position = rest.end()
        elif mark in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise JsonTooDeep(limit=MAX_JSON_DEPTH, line=line_of(text, position))
            if depth == 1:
                in_list = mark == "["
                starts.append(position if in_list else match.start())
        elif mark in "]}":
            depth -= 1
        elif mark == ",":
            if depth == 1 and in_list:
                starts.append(position)
        elif len(mark) > MAX_JSON_NUMBER_DIGITS:
            line = line_of(text, position)
            raise JsonNumberTooLong(limit=MAX_JSON_NUMBER_DIGITS, line=line)
    if len(starts) > MAX_BLOCKS:
        raise TooManyEntries(limit=MAX_BLOCKS)
    return _lines(text, starts)


def line_of(text: str, position: int) -> int:
    """The line number (from 1) of ``position``."""
    return text.count("\n", 0, position) + 1


def _lines(text: str, positions: list[int]) -> list[int]:
    """Lines of the first non-blank character at each sorted position, in one pass."""
    lines: list[int] = []
    line, previous = 1, 0
    for position in positions:
        start = _SPACE.match(text, position)
        found = start.end() if start else position
        line += text.count("\n", previous, found)
        previous = found
        lines.append(line)
    return lines
