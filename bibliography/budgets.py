"""Every limit the readers enforce while they work, in one place, with why.

A hostile file must cost bounded time and memory, and a limit reached must be
a problem or an error of ours, found while the work is done, never after it.
Legitimate files stay below each limit: measured, 2 MB of BibTeX (the demo
course's and the test traps' entries, repeated: 8,449 entries) reads in 0.75 s of
CPU, RIS and CSL-JSON of the same entries in under 0.5 s.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from bibliography.errors import ParamValue, Problem, TimeBudgetExceeded

#: Largest file read at all: about 50,000 typical entries. The web app sets
#: its own, lower limit (``CARTABLE_BIB_MAX_BYTES``).
MAX_INPUT_BYTES = 16 * 1024 * 1024
#: Longest block as written: a book with a long abstract is under 20,000
#: characters; longer is a runaway brace, refused before any parser sees it.
MAX_ENTRY_CHARS = 512 * 1024
#: Most blocks (or RIS records, CSL-JSON items) in one file.
MAX_BLOCKS = 50_000
#: Longest entry (or ``@string``) once its macros and crossref are expanded,
#: checked at each concatenation: the size an entry could have been written
#: at, so that ``s28 = s27 # s27`` stops at 512 K, not at 2**29 characters.
MAX_EXPANDED_ENTRY_CHARS = MAX_ENTRY_CHARS
#: Characters ``@string`` macros and crossref inheritance may add to a whole
#: file on top of its own text: a journal abbreviation list used by 10,000
#: entries adds under 1 M; without it, 50,000 entries each reusing a 500 K
#: macro or crossref parent would be 25 G characters.
MAX_EXPANSION_CHARS = 4 * 1024 * 1024
#: Longest value handed to pylatexenc: it costs ~0.5 ms a field and grows with
#: size; longer values with unknown commands are decoded leniently instead.
LATEX_FALLBACK_MAX_CHARS = 4096
#: Longest value the LaTeX and name caches keep: the caches live as long as the
#: process, and 4,096 entries of 512 K each would hold gigabytes.
CACHE_MAX_CHARS = 4096
#: Deepest JSON nesting: a CSL-JSON item needs 5 levels (list, item, issued,
#: date-parts, a date); 64 is generous and far from Python's recursion limit.
MAX_JSON_DEPTH = 64
#: Most JSON values (containers, strings, numbers, separators) in one file: real
#: CSL-JSON has 56 per item (measured), so 50,000 items need 2.8 M; this bounds
#: ``[[],[],...]`` to 1.3 M lists, about 90 MB, in a 16 MB file.
MAX_JSON_VALUES = 4_000_000
#: Most digits in a JSON number: years have 4, the largest ids 20. Python
#: refuses more than 4,300 and spends quadratic time below that.
MAX_JSON_NUMBER_DIGITS = 20
#: Most lines in a RIS file: 16 MB of RIS as we export it has about 900,000
#: (18 bytes a line, measured); 2 M leaves room and bounds the loop's turns on
#: 1-byte lines, which no other limit counts, to about a second.
MAX_LINES = 2_000_000
#: Most problems listed for one file, the others only counted: each costs
#: about 400 bytes, and a file of a million bad lines must not cost 400 MB.
MAX_PROBLEMS = 10_000
#: CPU time a read may take: a floor, plus a rate per MiB four times what real
#: files take (0.4 to 0.5 s a MiB, the benchmark corpus included) and twice the
#: worst hostile shape measured (a MiB of ``a={b},`` fields: 1 s). A backstop
#: for the paths that no other limit bounds.
CPU_SECONDS_FLOOR = 1.0
CPU_SECONDS_PER_MIB = 2.0
#: How many loop turns between two clock readings (each costs a system call).
CHECK_EVERY = 256


class Deadline:
    """A CPU-time budget, checked by the readers' loops as they go.

    Thread CPU time, not wall time: a loaded server must not refuse a file
    that an idle one accepts, and other requests' work is not ours to count.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.thread_time() + seconds
        self._turns = 0

    @classmethod
    def for_size(cls, size: int, seconds: float | None = None) -> Deadline:
        """The budget for ``size`` bytes of input, unless ``seconds`` is given."""
        if seconds is None:
            seconds = CPU_SECONDS_FLOOR + CPU_SECONDS_PER_MIB * size / 2**20
        return cls(seconds)

    def check(self, line: int | None = None) -> None:
        """Raise :class:`TimeBudgetExceeded` once the budget is spent."""
        if time.thread_time() >= self._end:
            seconds = max(1, round(self.seconds))
            raise TimeBudgetExceeded(seconds=seconds, line=line or "?")

    def tick(self, line: int | None = None) -> None:
        """:meth:`check`, but only every :data:`CHECK_EVERY` calls (hot loops)."""
        self._turns += 1
        if self._turns % CHECK_EVERY == 0:
            self.check(line)


class ProblemLog(list[Problem]):
    """Problems as found: the first :data:`MAX_PROBLEMS` kept, the rest counted."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        super().__init__()
        self.limit = limit
        self.dropped = 0

    def append(self, problem: Problem, /) -> None:
        """Keep ``problem`` while under the limit, else count it."""
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.dropped += 1

    def add(
        self,
        code: str,
        line: int | None,
        key: str | None = None,
        params: dict[str, ParamValue] | None = None,
    ) -> None:
        """Append a new problem, built only if it will be kept (hot loops)."""
        if len(self) < self.limit:
            super().append(Problem(code, line, key, params or {}))
        else:
            self.dropped += 1

    def extend(self, problems: Iterable[Problem], /) -> None:
        """Append each of ``problems`` (and count those another log dropped)."""
        for problem in problems:
            self.append(problem)
        if isinstance(problems, ProblemLog):
            self.dropped += problems.dropped

    def listed(self) -> list[Problem]:
        """The problems kept, sorted by line, then one saying how many were not."""
        found = sorted(self, key=lambda problem: problem.line or 0)
        if self.dropped:
            params = {"count": self.dropped, "limit": self.limit}
            found.append(Problem("too-many-problems", None, None, params))
        return found
