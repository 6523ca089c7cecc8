"""The manifest: what an archive holds, with a SHA-256 for every member.

Members: ``database/...`` (the snapshot), ``files/<storage key>`` (stored files),
``data/<path>`` (files kept under the data directory, such as module attachments),
``keys.sealed`` (the tool's private keys, encrypted), then ``manifest.json`` and
``manifest.hmac`` (the manifest's signature with the passphrase).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from lti_app.backup.errors import BackupError

FORMAT = "cartable-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.hmac"
KEYS = "keys.sealed"
CHUNK = 1024 * 1024
# Relative paths made of plain names only: nothing can climb out of its root.
_MEMBER = re.compile(r"(database|files|data)(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){1,6}")


def check_member(name: str) -> str:
    """Refuse a member name that is not one a backup writes."""
    if name in (MANIFEST, SIGNATURE, KEYS) or _MEMBER.fullmatch(name):
        return name
    raise BackupError(f"unexpected member in the archive: {name!r}")


@dataclass(frozen=True)
class Member:
    """One archived file and what it must hash to."""

    name: str
    size: int
    sha256: str


@dataclass
class Manifest:
    """Everything ``verify`` checks and ``restore`` needs, beside the members."""

    created_at: str
    versions: dict[str, str]
    database: dict[str, Any]
    files: list[Member] = field(default_factory=list)
    keys: dict[str, Any] = field(default_factory=dict)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        """Stable JSON (sorted keys): the bytes the signature covers."""
        return json.dumps(asdict(self), sort_keys=True, indent=1).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        """Parse and check the shape; an unknown format is refused."""
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT:
                raise ValueError("not a Cartable backup")
            if raw.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"format version {raw.get('format_version')}")
            raw["files"] = [Member(**item) for item in raw["files"]]
            return cls(**raw)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise BackupError(f"the manifest is unreadable: {exc}") from exc

    def members(self) -> dict[str, Member]:
        """Every member the manifest vouches for, by name."""
        found = {item.name: item for item in self.files}
        for part in (self.database, self.keys):
            found[part["member"]] = Member(part["member"], part["size"], part["sha256"])
        return found


class HashingReader:
    """Reads through to a stream, hashing and counting what went by."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def hash_stream(stream: IO[bytes]) -> tuple[int, str]:
    """Size and SHA-256 of a stream read to its end."""
    reader = HashingReader(stream)
    while reader.read(CHUNK):
        pass
    return reader.size, reader.hexdigest()
