"""Public BibTeX reading: bytes or text in, a :class:`Document` out."""

from __future__ import annotations

from bibliography.budgets import MAX_INPUT_BYTES, Deadline, ProblemLog
from bibliography.errors import Problem
from bibliography.model import Document
from bibliography.reader import read_blocks
from bibliography.resolve import resolve
from bibliography.scanner import decode


def parse_bibtex(
    data: bytes | str,
    *,
    max_bytes: int = MAX_INPUT_BYTES,
    max_seconds: float | None = None,
) -> Document:
    """Parse BibTeX; raise only :class:`~bibliography.errors.ParseError` kinds.

    Problems in individual entries are reported in ``Document.problems`` and
    never stop the other entries from being read. ``max_seconds`` of CPU time
    (by default, a budget for the input's size) stop the reading as a whole.
    """
    if isinstance(data, str):
        raw = data.encode("utf-8", "surrogatepass")
        text, encoding, bom = decode(raw, max_bytes)
    else:
        text, encoding, bom = decode(data, max_bytes)
    problems = ProblemLog()
    if encoding != "utf-8":
        problems.append(Problem("encoding", 1, None, {"encoding": encoding}))
    deadline = Deadline.for_size(len(text), max_seconds)
    blocks, found = read_blocks(text, deadline)
    blocks, references, meaning_problems = resolve(blocks, deadline)
    problems.extend(found)
    problems.extend(meaning_problems)
    listed = tuple(problems.listed())
    return Document(tuple(blocks), tuple(references), listed, encoding, bom)
