"""Read the totals of ``flask storage verify``'s report (one line per feature)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FEATURE = re.compile(r"checked (\d+) file\(s\), (\d+) missing, (\d+) corrupt")
_ORPHANS = re.compile(r"(\d+) orphan\(s\)")


@dataclass(frozen=True)
class Totals:
    """Files checked, missing and corrupt over every feature, and orphans."""

    checked: int
    missing: int
    corrupt: int
    orphans: int


def verify_totals(output: str) -> Totals:
    """The sums of every feature's line, and the orphan count."""
    rows = [tuple(map(int, m.groups())) for m in _FEATURE.finditer(output)]
    orphans = _ORPHANS.search(output)
    assert rows, output
    assert orphans, output
    checked, missing, corrupt = (sum(column) for column in zip(*rows, strict=True))
    return Totals(checked, missing, corrupt, int(orphans.group(1)))
