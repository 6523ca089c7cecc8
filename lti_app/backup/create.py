"""``backup create``: one tar holding the database, its files, the keys and a manifest.

The snapshot decides which files belong: the storage's inventories and the data
sources are read in the snapshot's transaction, then exactly those files are
copied. A file uploaded during the backup has no row in the snapshot (the row is
written after the file), so it is left out whole; a file the snapshot names is
already complete on disk. Each copied file is hashed on the way in and compared
with what its row says.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from lti_app import storage
from lti_app.backup import database, migrations, sealing, sources
from lti_app.backup.errors import BackupError
from lti_app.backup.manifest import (
    KEYS,
    MANIFEST,
    SIGNATURE,
    HashingReader,
    Manifest,
    Member,
)
from lti_app.backup.versions import versions
from lti_app.extensions import db
from lti_app.lti import keys as tool_keys
from lti_app.storage_check import Expected, expected_files


@dataclass
class Plan:
    """What the snapshot says the archive must hold."""

    tables: dict[str, int]
    head: str | None
    stored: list[Expected]
    data_files: list[sources.DataFile]
    kids: list[str]


def _plan() -> Plan:
    connection = db.session.connection()
    head = database.revision(connection)
    if head != migrations.code_head():
        # The features list their files with this code's models: same schema only.
        raise BackupError(
            f"the database is at migration {head}, this code at "
            f"{migrations.code_head()}: back up with the version that matches it, "
            "or migrate first (flask db upgrade)"
        )
    return Plan(
        tables=database.count_rows(connection),
        head=head,
        stored=list(expected_files()),
        data_files=list(sources.list_data_files()),
        kids=[state.kid for state in tool_keys.key_states()],
    )


def _add(tar: tarfile.TarFile, name: str, stream: IO[bytes], size: int) -> Member:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    reader = HashingReader(stream)
    tar.addfile(info, reader)
    return Member(name, reader.size, reader.hexdigest())


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> Member:
    return _add(tar, name, io.BytesIO(data), len(data))


def _add_stored(tar: tarfile.TarFile, item: Expected) -> Member:
    backend = storage.get_storage()
    try:
        size = item.size
        if size is None:  # recorded before sizes were kept: the file says
            size = storage.hash_file(backend, item.key)[0]
        with backend.open(item.key) as handle:
            member = _add(tar, f"files/{item.key}", handle, size)
    except (FileNotFoundError, OSError, tarfile.TarError) as exc:
        raise BackupError(
            f"stored file {item.key} ({item.label}) is missing or shorter than its "
            "row says: run `flask storage verify`, then the backup again"
        ) from exc
    if item.sha256 is not None and member.sha256 != item.sha256:
        raise BackupError(
            f"stored file {item.key} ({item.label}) does not match its row's "
            "SHA-256: run `flask storage verify`"
        )
    return member


def _add_data_file(tar: tarfile.TarFile, item: sources.DataFile) -> Member:
    path = sources.data_dir() / item.path
    try:
        with path.open("rb") as handle:
            return _add(
                tar, f"data/{item.path}", handle, os.fstat(handle.fileno()).st_size
            )
    except OSError as exc:
        raise BackupError(
            f"{item.path} ({item.label}) disappeared during the backup: run it again"
        ) from exc


def _private_keys(kids: list[str]) -> dict[str, str]:
    try:
        return {kid: tool_keys.read_private(kid).decode("ascii") for kid in kids}
    except OSError as exc:
        raise BackupError(f"a private key of the tool is missing: {exc}") from exc


def _write(
    tar: tarfile.TarFile, dump: database.Dump, plan: Plan, keys: sealing.Secrets
) -> Manifest:
    with dump.path.open("rb") as handle:
        db_member = _add(
            tar, f"database/{dump.path.name}", handle, dump.path.stat().st_size
        )
    files = [_add_stored(tar, item) for item in plan.stored]
    files += [_add_data_file(tar, item) for item in plan.data_files]
    sealed, seal_info = sealing.seal(keys, _private_keys(plan.kids))
    keys_member = _add_bytes(tar, KEYS, sealed)
    manifest = Manifest(
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        versions=versions(dump),
        database={
            "dialect": dump.dialect,
            "schema": dump.schema,
            "migration_head": plan.head,
            "tables": plan.tables,
            "member": db_member.name,
            "size": db_member.size,
            "sha256": db_member.sha256,
        },
        files=files,
        keys={
            **seal_info,
            "kids": plan.kids,
            "member": keys_member.name,
            "size": keys_member.size,
            "sha256": keys_member.sha256,
        },
    )
    body = manifest.to_bytes()
    _add_bytes(tar, MANIFEST, body)
    _add_bytes(tar, SIGNATURE, sealing.signature(keys, body).encode("ascii"))
    return manifest


def create_backup(path: Path, passphrase: bytes) -> Manifest:
    """Write the archive at ``path`` (mode 0600), whole or not at all."""
    if len(passphrase) < sealing.MIN_LENGTH:
        raise BackupError(
            f"the passphrase must be at least {sealing.MIN_LENGTH} characters long"
        )
    if path.exists():
        raise BackupError(f"{path} already exists: give a new file name")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder")
    keys = sealing.derive(passphrase)
    workdir = Path(tempfile.mkdtemp(dir=path.parent, prefix=".cartable-backup-"))
    partial = workdir / "archive.tar"
    try:
        with database.snapshot(workdir) as dump:
            plan = _plan()
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                manifest = _write(tar, dump, plan, keys)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return manifest
