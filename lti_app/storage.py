"""Where uploaded files live: a small interface and its local-directory backend.

A file is written to a hidden temporary file beside its final place while it
streams in (hashed as it goes), synced to disk, then renamed: a reader sees the
whole file or nothing. Another backend (a shared volume, an object store) only
has to offer the same few operations for several servers to share the files.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from flask import Flask, current_app

CHUNK = 1024 * 1024
TEMP_PREFIX = ".tmp-"
_KEY = re.compile(r"[a-z0-9_-]{1,64}(/[a-z0-9_-]{1,64}){0,4}")


class StorageError(Exception):
    """A storage operation was refused."""


class TooLargeError(StorageError):
    """The stream went over the size it was allowed."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True)
class Stored:
    """A file safely stored: its key, size and SHA-256 (hex)."""

    key: str
    size: int
    sha256: str


def check_key(key: str) -> str:
    """Refuse any key that could leave the storage root (``..``, ``/``, odd bytes)."""
    if not _KEY.fullmatch(key):
        raise StorageError(f"invalid storage key {key!r}")
    return key


def new_key(prefix: str) -> str:
    """A fresh unguessable key under ``prefix`` (for example ``submissions/12``)."""
    return check_key(f"{prefix}/{secrets.token_hex(16)}")


class PendingWrite(Protocol):
    """A file being written: feed it chunks, then commit or abort."""

    size: int
    path: Path

    def write(self, chunk: bytes) -> None: ...
    def hexdigest(self) -> str: ...
    def close(self) -> None: ...
    def commit(self) -> Stored: ...
    def abort(self) -> None: ...


class Storage(Protocol):
    """What every backend offers."""

    def begin(self, prefix: str, limit: int | None = None) -> PendingWrite: ...
    def put(
        self, stream: IO[bytes], prefix: str, limit: int | None = None
    ) -> Stored: ...
    def put_key(self, key: str, stream: IO[bytes]) -> Stored: ...
    def open(self, key: str) -> IO[bytes]: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...
    def iter_keys(self, prefix: str = "") -> Iterator[str]: ...
    def clean_temporary(self, older_than: float = 0) -> int: ...


class LocalWrite:
    """A temporary file in the destination folder, hashed and size-checked as written."""

    def __init__(self, root: Path, key: str, limit: int | None) -> None:
        self.key = key
        self.final = root / key
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.path = self.final.parent / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
        self._file: IO[bytes] | None = self.path.open("xb")
        self._hash = hashlib.sha256()
        self.size = 0
        self.limit = limit

    def write(self, chunk: bytes) -> None:
        """Append a chunk; over the limit, the temporary file is removed at once."""
        if self._file is None:
            raise StorageError("write after commit or abort")
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            self.abort()
            raise TooLargeError(self.limit)
        self._file.write(chunk)
        self._hash.update(chunk)

    def hexdigest(self) -> str:
        """The SHA-256 of what was written so far."""
        return self._hash.hexdigest()

    def close(self) -> None:
        """Sync and close the temporary file (it can then be read, still unseen)."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None

    def commit(self) -> Stored:
        """Sync, rename into place, sync the folder: durable once this returns."""
        if not self.path.exists():
            raise StorageError("commit after abort")
        self.close()
        os.replace(self.path, self.final)
        _fsync_dir(self.final.parent)
        return Stored(self.key, self.size, self._hash.hexdigest())

    def abort(self) -> None:
        """Forget the file: nothing is left behind."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self.path.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fill(pending: LocalWrite, stream: IO[bytes]) -> Stored:
    """Copy a stream into a pending file and commit it; nothing is kept on error."""
    try:
        while chunk := stream.read(CHUNK):
            pending.write(chunk)
        return pending.commit()
    except BaseException:
        pending.abort()
        raise


class LocalStorage:
    """Files under one directory, by key (``prefix/random``)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def begin(self, prefix: str, limit: int | None = None) -> LocalWrite:
        """Start writing a new file under ``prefix``."""
        return LocalWrite(self.root, new_key(prefix), limit)

    def put(self, stream: IO[bytes], prefix: str, limit: int | None = None) -> Stored:
        """Copy a stream in chunks into a new file; nothing is kept on error."""
        return _fill(self.begin(prefix, limit), stream)

    def put_key(self, key: str, stream: IO[bytes]) -> Stored:
        """Write a file under a given key (a restore puts each file back in place)."""
        return _fill(LocalWrite(self.root, check_key(key), None), stream)

    def open(self, key: str) -> IO[bytes]:
        """Read a stored file (the caller closes it)."""
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        """Remove a file; a missing one is not an error."""
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        """Whether a complete file is stored under this key."""
        return self._path(key).is_file()

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every complete file's key (temporary files are never listed)."""
        base = self.root / prefix if prefix else self.root
        if not base.is_dir():
            return
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.startswith(TEMP_PREFIX):
                key = path.relative_to(self.root).as_posix()
                if _KEY.fullmatch(key):
                    yield key

    def clean_temporary(self, older_than: float = 0) -> int:
        """Remove temporary files left by an interrupted upload; how many."""
        if not self.root.is_dir():
            return 0
        limit = time.time() - older_than
        removed = 0
        for path in self.root.rglob(f"{TEMP_PREFIX}*"):
            if path.is_file() and path.stat().st_mtime <= limit:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def hash_file(storage: Storage, key: str) -> tuple[int, str]:
    """Size and SHA-256 of a stored file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with storage.open(key) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


@dataclass(frozen=True)
class Expected:
    """A file the database says is stored, with what it must hash to."""

    key: str
    size: int
    sha256: str
    label: str


# A feature lists the files its rows point to; ``storage verify`` checks them all.
Inventory = Callable[[], Iterable[Expected]]


@dataclass
class Report:
    """What ``storage verify`` found."""

    checked: int = 0
    missing: list[Expected] = field(default_factory=list)
    corrupt: list[Expected] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    temporary_removed: int = 0

    @property
    def ok(self) -> bool:
        """No file missing or corrupt (orphans are reported, not failures)."""
        return not self.missing and not self.corrupt


def verify(storage: Storage, expected: Iterable[Expected], *,
           temporary_age: float = 3600) -> Report:  # fmt: skip
    """Rehash every expected file, list files nobody points to, drop stale temps."""
    report = Report(temporary_removed=storage.clean_temporary(temporary_age))
    known: set[str] = set()
    for item in expected:
        known.add(item.key)
        report.checked += 1
        if not storage.exists(item.key):
            report.missing.append(item)
            continue
        if hash_file(storage, item.key) != (item.size, item.sha256):
            report.corrupt.append(item)
    report.orphans = [key for key in storage.iter_keys() if key not in known]
    return report


def init_app(app: Flask, root: str | Path | None = None) -> None:
    """The files live in ``<CARTABLE_DATA_DIR>/files`` unless a root is given."""
    root = root or Path(app.config["CARTABLE_DATA_DIR"]) / "files"
    app.extensions["cartable_storage"] = LocalStorage(root)
    app.extensions.setdefault("cartable_inventories", [])


def register_inventory(app: Flask, inventory: Inventory) -> None:
    """Add a feature's list of stored files to what ``storage verify`` checks."""
    app.extensions.setdefault("cartable_inventories", []).append(inventory)


def expected_files() -> Iterator[Expected]:
    """Every file every feature says is stored."""
    for inventory in current_app.extensions.get("cartable_inventories", []):
        yield from inventory()


def get_storage() -> Storage:
    """The application's storage backend."""
    storage: Storage = current_app.extensions["cartable_storage"]
    return storage
