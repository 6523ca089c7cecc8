"""Reading what a person sent under budgets: CPU time, zip entries, inflated bytes.

Nothing here trusts a size written in the file: a zip member is counted as it
inflates, chunk by chunk, and refused as soon as it passes a budget (its own
size, the archive's total, the compression ratio). The central directory is
measured before ``zipfile`` turns it into objects.
"""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path
from typing import IO, Protocol

from lti_app import budgets

CHUNK = 64 * 1024
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"


class Readable(Protocol):
    """What the budgeted readers offer and what their consumers need."""

    def read(self, size: int = -1, /) -> bytes: ...


class LimitReachedError(Exception):
    """A budget was reached: ``code`` names it, ``limit`` is its value."""

    def __init__(self, code: str, limit: float) -> None:
        super().__init__(code, limit)
        self.code, self.limit = code, limit


class Deadline:
    """CPU seconds of the current thread, checked in every loop that reads."""

    def __init__(self, seconds: float = budgets.INSPECT_CPU_SECONDS) -> None:
        self.seconds = seconds
        self.ends = time.thread_time() + seconds

    def check(self) -> None:
        """Raise once the thread has used its seconds."""
        if time.thread_time() > self.ends:
            raise LimitReachedError("cpu-time", self.seconds)


def check_directory(handle: IO[bytes],
                    max_entries: int = budgets.ZIP_MAX_ENTRIES) -> None:  # fmt: skip
    """Refuse a zip whose central directory is too big, before it is parsed.

    ``zipfile`` reads the whole directory into one object per entry and ignores
    the entry count: its byte size is what bounds that work. A zip64 end record
    (more than 65,535 entries or 4 GB) is refused: no upload needs one.
    """
    size = handle.seek(0, 2)
    handle.seek(max(0, size - (_EOCD.size + 65535)))
    tail = handle.read()
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD.size:
        raise zipfile.BadZipFile("no end of central directory")
    fields = _EOCD.unpack_from(tail, at)
    entries, directory_bytes = fields[4], fields[5]
    if at >= 20 and tail[at - 20 : at - 16] == _ZIP64_LOCATOR:
        raise LimitReachedError("zip-entries", max_entries)
    if entries > max_entries or directory_bytes > budgets.ZIP_MAX_DIRECTORY_BYTES:
        raise LimitReachedError("zip-entries", max_entries)


def open_zip(source: Path | IO[bytes],
             max_entries: int = budgets.ZIP_MAX_ENTRIES) -> zipfile.ZipFile:  # fmt: skip
    """The archive, once its directory is known to be small enough."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            check_directory(handle, max_entries)
    else:
        check_directory(source, max_entries)
        source.seek(0)
    archive = zipfile.ZipFile(source)
    if len(archive.infolist()) > max_entries:
        archive.close()
        raise LimitReachedError("zip-entries", max_entries)
    return archive


class Inflated:
    """Counts the bytes inflated from one archive, across its members."""

    def __init__(self, deadline: Deadline, archive_bytes: int,
                 total: int = budgets.ZIP_MAX_TOTAL_BYTES) -> None:  # fmt: skip
        self.deadline, self.total_left, self.total = deadline, total, total
        self.archive_bytes = archive_bytes

    def open(self, archive: zipfile.ZipFile, name: str | zipfile.ZipInfo,
             limit: int = budgets.ZIP_MAX_MEMBER_BYTES) -> MemberReader:  # fmt: skip
        """A reader of one member under the member, total and ratio budgets."""
        info = name if isinstance(name, zipfile.ZipInfo) else archive.getinfo(name)
        return MemberReader(archive.open(info), info, limit, self)


class MemberReader:
    """A file-like member that counts what it really inflates."""

    def __init__(self, raw: IO[bytes], info: zipfile.ZipInfo, limit: int,
                 budget: Inflated) -> None:  # fmt: skip
        self.raw, self.limit, self.budget, self.read_bytes = raw, limit, budget, 0
        # A header may claim any compressed size; the archive's own size bounds it.
        self.packed = max(1, min(info.compress_size, budget.archive_bytes))

    def _packed_so_far(self) -> int:
        """Compressed bytes consumed until now, so the ratio is checked as it goes.

        ``zipfile`` keeps what is left to read of the member in ``_compress_left``;
        without it, the member's whole compressed size is the (weaker) bound.
        """
        left = getattr(self.raw, "_compress_left", None)
        return max(1, self.packed - left) if isinstance(left, int) else self.packed

    def read(self, size: int | None = -1) -> bytes:
        """At most one chunk, counted against every budget before it is returned."""
        self.budget.deadline.check()
        want = CHUNK if size is None or size < 0 else min(size, CHUNK)
        data = self.raw.read(want)
        self.read_bytes += len(data)
        self.budget.total_left -= len(data)
        if self.read_bytes > self.limit:
            raise LimitReachedError("zip-member-bytes", self.limit)
        if self.budget.total_left < 0:
            raise LimitReachedError("zip-total-bytes", self.budget.total)
        if self.read_bytes > budgets.ZIP_RATIO_GRACE_BYTES and (
            self.read_bytes > self._packed_so_far() * budgets.ZIP_MAX_RATIO
        ):
            raise LimitReachedError("zip-ratio", budgets.ZIP_MAX_RATIO)
        return data

    def read_all(self) -> bytes:
        """The whole member (small ones only: the budgets still apply)."""
        parts = []
        while chunk := self.read(CHUNK):
            parts.append(chunk)
        return b"".join(parts)

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> MemberReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
