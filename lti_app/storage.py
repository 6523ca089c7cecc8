"""Where uploaded files live: a small interface and its local-directory backend.

A file is written to a hidden temporary file beside its final place while it
streams in (hashed as it goes), synced to disk, then renamed: a reader sees the
whole file or nothing. Another backend (a shared volume, an object store) only
has to offer the same few operations for several servers to share the files.
The main area holds the drop-off's files; a feature may add an area of its own
(module attachments); :mod:`lti_app.storage_check` verifies them all.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
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
    def modified_at(self, key: str) -> float: ...
    def list_temporary(self, older_than: float = 0) -> list[str]: ...
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

    def modified_at(self, key: str) -> float:
        """When the file was last written (seconds since the epoch)."""
        return self._path(key).stat().st_mtime

    def list_temporary(self, older_than: float = 0) -> list[str]:
        """Temporary files untouched for ``older_than`` seconds (a live upload
        writes to its file all the time, so it never looks old)."""
        if not self.root.is_dir():
            return []
        limit = time.time() - older_than
        return sorted(
            path.relative_to(self.root).as_posix()
            for path in self.root.rglob(f"{TEMP_PREFIX}*")
            if path.is_file() and path.stat().st_mtime <= limit
        )

    def clean_temporary(self, older_than: float = 0) -> int:
        """Remove temporary files left by an interrupted upload; how many."""
        names = self.list_temporary(older_than)
        for name in names:
            (self.root / name).unlink(missing_ok=True)
        return len(names)


def hash_file(storage: Storage, key: str) -> tuple[int, str]:
    """Size and SHA-256 of a stored file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with storage.open(key) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


MAIN = "files"


def init_app(app: Flask, root: str | Path | None = None) -> None:
    """The files live in ``<CARTABLE_DATA_DIR>/files`` unless a root is given."""
    root = root or Path(app.config["CARTABLE_DATA_DIR"]) / "files"
    app.extensions["cartable_storage"] = {MAIN: LocalStorage(root)}


def add_area(app: Flask, name: str, root: str | Path) -> None:
    """Another folder of stored files, kept by one feature (``storage verify``
    checks every area)."""
    app.extensions["cartable_storage"][name] = LocalStorage(root)


def list_areas() -> dict[str, Storage]:
    """Every storage area of the application, by name."""
    areas: dict[str, Storage] = current_app.extensions["cartable_storage"]
    return dict(areas)


def get_storage(area: str = MAIN) -> Storage:
    """The application's storage backend (the main one, or a feature's area)."""
    storage: Storage = current_app.extensions["cartable_storage"][area]
    return storage
