"""Line differences between two texts, for the revisions page (shown escaped)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    """One line of a unified diff: ``add``, ``remove``, ``hunk`` or ``same``."""

    kind: str
    text: str


_KINDS = {"+": "add", "-": "remove", "@": "hunk"}


def diff_lines(old: str, new: str) -> list[DiffLine]:
    """The changes from ``old`` to ``new``, three lines of context around each."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=3)
    out = []
    for line in lines:
        if line.startswith(("---", "+++")):
            continue
        out.append(DiffLine(_KINDS.get(line[:1], "same"), line))
    return out
