"""French collation inside citeproc-py, whose sort compares code points.

citeproc-py's ``Sort.sort`` puts "Élise" after "Zola". We replace it with the
same algorithm (keys from the style, ``None`` last, numbers as numbers) using
an accent-folding key. The patch is installed once, from :mod:`csl` only.
"""

from __future__ import annotations

import re
from functools import cmp_to_key
from typing import Any

from citeproc import model

from bibliography.collation import collation_key

_TAG = re.compile(r"<[^>]*>")


_Comparable = tuple[int, int, tuple[str, str]]


def _comparable(value: object) -> _Comparable:
    """Numbers as numbers (as citeproc-py does), text by French collation."""
    text = _TAG.sub("", str(value))
    try:
        return (0, int(text), ("", ""))
    except ValueError:
        return (1, 0, collation_key(text))


def _compare(left: list[object], right: list[object], descending: list[bool]) -> int:
    for left_key, right_key, desc in zip(left, right, descending, strict=True):
        if left_key is None or right_key is None:
            if left_key is None and right_key is None:
                continue
            return 1 if left_key is None else -1  # missing values last, always
        a, b = _comparable(left_key), _comparable(right_key)
        result = int(a > b) - int(a < b)
        if result:
            return -result if desc else result
    return 0


def _sort(self: Any, items: list[Any], context: Any) -> list[Any]:
    descending: list[bool] = []
    columns: list[list[object]] = []
    for key in self.findall("cs:key", self.nsmap):
        descending.append(key.get("sort", "ascending").lower() == "descending")
        columns.append(key.sort_keys(items, context))
    rows = [(item, [column[i] for column in columns]) for i, item in enumerate(items)]

    def compare(a: tuple[Any, list[object]], b: tuple[Any, list[object]]) -> int:
        return _compare(a[1], b[1], descending)

    rows.sort(key=cmp_to_key(compare))
    return [item for item, _ in rows]


def install() -> None:
    """Replace citeproc-py's bibliography/citation sort (idempotent)."""
    model.Sort.sort = _sort
