"""Decoding and linear-time splitting of BibTeX text into blocks.

Brace matching is done here, before any parser sees the text, so that hostile
input (megabytes of ``{``) costs one pass and a bad entry only loses itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibliography.budgets import MAX_BLOCKS, MAX_ENTRY_CHARS, MAX_INPUT_BYTES
from bibliography.errors import EncodingError, InputTooLarge, TooManyEntries

_CHUNK = 4096
_BLOCK_START = re.compile(r"@[ \t]*([A-Za-z][\w:-]*)[ \t\r\n]*([{(])")
_LINE_BLOCK_START = re.compile(r"\n[ \t]*@[ \t]*[A-Za-z][\w:-]*[ \t\r]*[{(]")
_BRACES = re.compile(r"[{}]")
_BRACES_PAREN = re.compile(r"[{})]")
_KEY = re.compile(r"[{(]\s*([^\s,={}()]+)\s*,")


@dataclass(frozen=True)
class Segment:
    """A slice of the source; ``complete`` is False when braces never close."""

    kind: str
    start: int
    end: int
    line: int
    complete: bool = True
    too_large: bool = False


def decode(data: bytes, max_bytes: int = MAX_INPUT_BYTES) -> tuple[str, str, bool]:
    """Return (text, encoding, had_bom); UTF-8 first, then Latin-1/cp1252."""
    if len(data) > max_bytes:
        raise InputTooLarge(size=len(data), limit=max_bytes)
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    if b"\x00" in body:
        raise EncodingError(encoding="binary")
    try:
        return body.decode("utf-8"), "utf-8", bom
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("cp1252"), "cp1252", False
    except UnicodeDecodeError:
        return body.decode("latin-1"), "latin-1", False


def guess_key(text: str) -> str | None:
    """Return the key of a (possibly broken) entry text, if one is visible."""
    match = _KEY.search(text, 0, 2000)
    return match[1] if match else None


def split_blocks(text: str, max_blocks: int = MAX_BLOCKS) -> list[Segment]:
    """Cut ``text`` into consecutive segments covering it exactly."""
    segments: list[Segment] = []
    blocks = 0
    position, line = 0, 1
    while position < len(text):
        match = _BLOCK_START.search(text, position)
        start = match.start() if match else len(text)
        if start > position:
            segments.append(Segment("text", position, start, line))
            line += text.count("\n", position, start)
        if match is None:
            break
        blocks += 1
        if blocks > max_blocks:
            raise TooManyEntries(limit=max_blocks)
        segment = _scan_block(text, start, match.end(), line)
        segments.append(segment)
        line += text.count("\n", segment.start, segment.end)
        position = segment.end
    return segments


def _scan_block(text: str, start: int, body: int, line: int) -> Segment:
    """Find where the block opened at ``body`` closes, in linear time."""
    closer = "}" if text[body - 1] == "{" else ")"
    restart = _LINE_BLOCK_START.search(text, body)
    limit = restart.start() + 1 if restart else len(text)
    if limit - start > MAX_ENTRY_CHARS:
        end = _find_close(text, body, start + MAX_ENTRY_CHARS, closer)
        if end is None:
            return Segment("block", start, limit, line, False, True)
        return Segment("block", start, end, line)
    end = _find_close(text, body, limit, closer)
    if end is None:
        return Segment("block", start, limit, line, complete=False)
    return Segment("block", start, end, line)


def _find_close(text: str, position: int, limit: int, closer: str) -> int | None:
    """Return the index after the closing delimiter, or None before ``limit``."""
    depth = 0
    marks = _BRACES if closer == "}" else _BRACES_PAREN
    while position < limit:
        chunk_end = min(position + _CHUNK, limit)
        closes = text.count("}", position, chunk_end)
        if closes < depth or (closer == "}" and closes == depth):
            depth += text.count("{", position, chunk_end) - closes
            position = chunk_end
            continue
        for mark in marks.finditer(text, position, chunk_end):
            char = mark[0]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    return mark.end() if closer == "}" else None
            elif depth == 0:
                return mark.end()
        position = chunk_end
    return None
