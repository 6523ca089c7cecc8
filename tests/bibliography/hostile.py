"""Hostile payloads for the readers, written as the attacks were, and the bounds."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from bibliography import BibliographyError, Problem
from tests.support.resources import measured

T = TypeVar("T")

#: Generous for a loaded machine; the attacks took 25 s and 1.1 GB before.
MAX_SECONDS = 2.0
MAX_RSS_MB = 100.0


def laughs(levels: int) -> str:
    """Issue 16's "billion laughs": each ``@string`` doubles the one before."""
    lines = ['@string{s0="xx"}']
    lines += [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, levels)]
    lines.append(f"@book{{k, title = s{levels - 1}, year=2020}}")
    return "\n".join(lines) + "\n"


def bounded(work: Callable[[], T]) -> T:
    """Run ``work``; assert it took little time and memory; return its result."""
    with measured() as cost:
        result = work()
    assert cost.seconds < MAX_SECONDS, cost
    assert cost.rss_growth_mb < MAX_RSS_MB, cost
    return result


def survives(work: Callable[[], T]) -> T | None:
    """Run ``work`` on hostile input: its result, or None for one of the package's
    own errors (no other may escape), after little time and memory."""
    result = None
    with measured() as cost, contextlib.suppress(BibliographyError):
        result = work()
    assert cost.seconds < MAX_SECONDS, cost
    assert cost.rss_growth_mb < MAX_RSS_MB, cost
    return result


def codes(problems: Iterable[Problem]) -> list[tuple[str, int | None, str | None]]:
    """(code, line, key) of each problem, for comparisons."""
    return [(p.code, p.line, p.key) for p in problems]
