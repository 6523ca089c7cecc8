"""The launches a worker read lately, kept until they expire.

A stored launch never changes: it is written once, under a fresh unguessable id,
and only its expiry ends it. So a worker may keep what it read and skip the store
on the next request of the same launch, as long as it honours that expiry. The
role, which staff can change at any time, is not taken from here: it is read from
the membership on every request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, current_app

from lti_app.lti.context import LaunchContext

_SIZE = 4096  # about 2 kB each: a few MB per worker at most


class RecentLaunches:
    """A bounded, thread-safe map from launch id to (expiry, launch)."""

    def __init__(
        self, size: int = _SIZE, clock: Callable[[], float] = time.time
    ) -> None:
        self._items: OrderedDict[str, tuple[float, LaunchContext]] = OrderedDict()
        self._size = size
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, launch_id: str) -> LaunchContext | None:
        """The launch if this worker read it and it has not expired."""
        with self._lock:
            item = self._items.get(launch_id)
            if item is None:
                return None
            if item[0] <= self._clock():
                del self._items[launch_id]
                return None
            self._items.move_to_end(launch_id)
            return item[1]

    def put(self, context: LaunchContext, expires_at: float) -> None:
        """Remember a launch until ``expires_at`` (a POSIX time)."""
        with self._lock:
            self._items[context.launch_id] = (expires_at, context)
            self._items.move_to_end(context.launch_id)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


def init_app(app: Flask) -> None:
    """One map per application (tests build several in one process)."""
    app.extensions["cartable_recent_launches"] = RecentLaunches()


def recent_launches() -> RecentLaunches:
    """This application's map."""
    launches: RecentLaunches = current_app.extensions["cartable_recent_launches"]
    return launches
