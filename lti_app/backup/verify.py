"""``backup verify``: the archive alone, member by member, before anyone relies on it.

Every member must be one the manifest names, with its size and SHA-256; the
database copy must hold the row counts and migration head the manifest states.
With the passphrase, the keys must decrypt and the manifest's signature must
match, so that an archive rewritten with fresh hashes is refused too.
"""

from __future__ import annotations

import shutil
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from lti_app.backup import database, sealing
from lti_app.backup.errors import BackupError
from lti_app.backup.manifest import (
    KEYS,
    MANIFEST,
    SIGNATURE,
    HashingReader,
    Manifest,
    Member,
    check_member,
)

_LIMIT = 1024 * 1024  # manifest and signature: read whole, so bounded


@dataclass
class Verified:
    """What a verification established (and kept for a restore)."""

    manifest: Manifest
    database_copy: Path | None = None
    private_keys: dict[str, str] = field(default_factory=dict)
    signed: bool = False


def _read_small(tar: tarfile.TarFile, name: str) -> bytes:
    try:
        info = tar.getmember(name)
    except KeyError as exc:
        raise BackupError(f"the archive has no {name}: not a Cartable backup") from exc
    handle = tar.extractfile(info)
    if handle is None or info.size > _LIMIT:
        raise BackupError(f"{name} is not a small regular file")
    return handle.read()


def _check_member(
    tar: tarfile.TarFile, info: tarfile.TarInfo, expected: Member, keep: Path | None
) -> bytes | None:
    """Hash one member; keep the database copy on disk, return the sealed keys."""
    handle = tar.extractfile(info)
    if not info.isfile() or handle is None:
        raise BackupError(f"{info.name} is not a regular file")
    reader = HashingReader(handle)
    kept = None
    if keep is not None:
        with keep.open("wb") as target:
            shutil.copyfileobj(reader, target)
    elif info.name == KEYS:
        kept = reader.read()
    else:
        while reader.read(1024 * 1024):
            pass
    if (reader.size, reader.hexdigest()) != (expected.size, expected.sha256):
        raise BackupError(f"{info.name} was altered: its SHA-256 is not the manifest's")
    return kept


def _check_members(
    tar: tarfile.TarFile, manifest: Manifest, workdir: Path
) -> tuple[Path, bytes]:
    expected = manifest.members()
    seen: set[str] = set()
    copy, sealed = workdir / "database", b""
    for info in tar:
        name = check_member(info.name)
        if name in seen:
            raise BackupError(f"{name} appears twice in the archive")
        seen.add(name)
        if name in (MANIFEST, SIGNATURE):
            continue
        if name not in expected:
            raise BackupError(f"{name} is not in the manifest")
        keep = copy if name == manifest.database["member"] else None
        sealed = _check_member(tar, info, expected[name], keep) or sealed
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"missing from the archive: {', '.join(missing[:5])}")
    return copy, sealed


def _check_database(manifest: Manifest, copy: Path) -> None:
    counts, head = database.dump_counts(manifest.database["dialect"], copy)
    stated: dict[str, int] = manifest.database["tables"]
    if counts != stated:
        wrong = sorted(
            n for n in set(counts) | set(stated) if counts.get(n) != stated.get(n)
        )
        raise BackupError(
            f"row counts differ from the manifest: {', '.join(wrong[:5])}"
        )
    if head != manifest.database["migration_head"]:
        raise BackupError("the migration head differs from the manifest")


def verify_archive(path: Path, passphrase: bytes | None, workdir: Path) -> Verified:
    """Check everything; raise :class:`BackupError` at the first fault."""
    try:
        with tarfile.open(path, "r:") as tar:
            body = _read_small(tar, MANIFEST)
            given = _read_small(tar, SIGNATURE).decode("ascii", "replace")
            manifest = Manifest.from_bytes(body)
            copy, sealed = _check_members(tar, manifest, workdir)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path} is not a readable, whole archive: {exc}") from exc
    _check_database(manifest, copy)
    verified = Verified(manifest, copy)
    if passphrase is not None:
        keys = sealing.derive(passphrase, manifest.keys.get("kdf"))
        verified.private_keys = sealing.unseal(keys, sealed, manifest.keys)
        sealing.check_signature(keys, body, given)
        if sorted(verified.private_keys) != sorted(manifest.keys["kids"]):
            raise BackupError("the sealed keys are not the ones the manifest lists")
        verified.signed = True
    return verified
