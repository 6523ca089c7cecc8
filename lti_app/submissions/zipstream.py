"""A zip archive produced while it is sent: never built in memory nor on disk.

``zipfile`` writes to a sink that only appends; each chunk written is handed to
the response as soon as it exists, so memory holds one chunk whatever the
archive's size. The sink cannot seek, so ``zipfile`` puts sizes and CRCs in data
descriptors after each entry (any unzip reads them). Entries are stored, not
deflated: PDF, PPTX and ODP are compressed already.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO

CHUNK = 1024 * 1024
ZIP64_FROM = 2**31  # be safe well below the 4 GiB limit of plain entries


@dataclass(frozen=True)
class Entry:
    """A stored file and its path inside the archive."""

    path: str
    key: str
    size: int
    modified: datetime


class _Sink:
    """A write-only file object whose contents are taken away as they arrive."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered here."""

    def drain(self) -> Iterator[bytes]:
        """What was written since the last call, as one chunk (if any)."""
        if self._chunks:
            data = b"".join(self._chunks)
            self._chunks.clear()
            yield data


def unique_paths(paths: Iterable[str]) -> list[str]:
    """The same paths, a repeated one numbered (``a.pdf``, ``a (2).pdf``)."""
    seen: set[str] = set()
    result = []
    for path in paths:
        candidate, n = path, 1
        while candidate.casefold() in seen:
            n += 1
            stem, dot, ext = path.rpartition(".")
            candidate = f"{stem} ({n}).{ext}" if dot else f"{path} ({n})"
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def stream_zip(entries: Iterable[Entry],
               open_file: Callable[[str], IO[bytes]]) -> Iterator[bytes]:  # fmt: skip
    """Yield the archive's bytes, chunk by chunk, reading each file once."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:  # type: ignore[arg-type]
        for entry in entries:
            info = zipfile.ZipInfo(entry.path, _zip_time(entry.modified))
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = entry.size  # only decides zip64; rewritten after
            with (
                open_file(entry.key) as source,
                archive.open(info, "w", force_zip64=entry.size >= ZIP64_FROM) as target,
            ):
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield from sink.drain()
            yield from sink.drain()
    yield from sink.drain()


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment, datetime(1980, 1, 1))  # the format starts in 1980
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute,
            moment.second)  # fmt: skip
