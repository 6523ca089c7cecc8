"""Time and memory one block of work costs this process, measured as it runs.

The peak RSS is sampled by a thread, so a parser that fills memory and frees it
before returning is still caught. Time is this process's CPU time (every thread,
the work and the sampler), not the wall clock: the bound holds on a loaded
machine, where other processes' work would stretch wall time, and still catches
a parser that spins.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psutil

MIB = 1024 * 1024


@dataclass
class Cost:
    """What the block cost: CPU seconds and peak RSS growth in MiB."""

    seconds: float = 0.0
    rss_growth_mb: float = 0.0


@contextmanager
def measured(interval: float = 0.002) -> Iterator[Cost]:
    """Measure the block; read the :class:`Cost` once it has ended."""
    process = psutil.Process()
    start = process.memory_info().rss
    peak = [start]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(interval):
            peak[0] = max(peak[0], process.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cost, began = Cost(), time.process_time()
    try:
        yield cost
    finally:
        cost.seconds = time.process_time() - began
        done.set()
        sampler.join()
        peak[0] = max(peak[0], process.memory_info().rss)
        cost.rss_growth_mb = (peak[0] - start) / MIB
