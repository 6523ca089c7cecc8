"""``backup restore``: a verified archive into an empty database and data directory.

The archive is verified whole (passphrase included) before anything is written.
The database is loaded as it was, then migrated forward with Alembic when the
archive is older than this code; an archive newer than this code is refused.
Files go back under their keys, the tool's private keys under their kids: a
platform launches the tool with the registration, keys and client ids it knew.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask_migrate import upgrade

from lti_app import storage
from lti_app.backup import database, migrations, sources
from lti_app.backup.errors import BackupError
from lti_app.backup.manifest import HashingReader, Manifest
from lti_app.backup.verify import verify_archive
from lti_app.lti import keys as tool_keys


@dataclass(frozen=True)
class Restored:
    """What went back: tables, files, keys, and the revision reached."""

    tables: dict[str, int]
    files: int
    keys: int
    migrated_from: str
    migrated_to: str


def _check_revision(manifest: Manifest) -> str:
    head = manifest.database.get("migration_head")
    if not migrations.is_known(head):
        raise BackupError(
            f"the archive is at migration {head}, unknown to this Cartable: "
            "restore it with the version that made it (or a newer one)"
        )
    return str(head)


def _occupied() -> list[str]:
    """What already lives in the target: tables, stored files, data files, keys."""
    found = [f"table {name}" for name in database.target_tables()[:3]]
    first_key = next(iter(storage.get_storage().iter_keys()), None)
    found += [f"file {first_key}"] if first_key else []
    for source in sources.list_sources():
        folder = sources.data_dir() / source.folder
        if folder.is_dir() and any(p.is_file() for p in folder.rglob("*")):
            found.append(f"folder {folder}")
    found += [f"key {kid}" for kid in tool_keys.stored_private_kids()[:3]]
    return found


def _clear() -> None:
    """``--force``: empty the target first (the operator asked for it)."""
    database.drop_everything()
    backend = storage.get_storage()
    for key in list(backend.iter_keys()):
        backend.delete(key)
    for source in sources.list_sources():
        shutil.rmtree(sources.data_dir() / source.folder, ignore_errors=True)
    for kid in tool_keys.stored_private_kids():
        tool_keys.remove_private(kid)


def _restore_data_file(name: str, stream: HashingReader) -> None:
    relative = Path(name.removeprefix("data/"))
    target = sources.data_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".restore-{target.name}")
    with partial.open("wb") as handle:
        shutil.copyfileobj(stream, handle)
    partial.replace(target)


def _restore_files(path: Path, manifest: Manifest) -> int:
    expected = {item.name: item for item in manifest.files}
    backend = storage.get_storage()
    with tarfile.open(path, "r:") as tar:
        for info in tar:
            item = expected.get(info.name)
            handle = tar.extractfile(info) if item else None
            if item is None or handle is None:
                continue
            reader = HashingReader(handle)
            if info.name.startswith("files/"):
                backend.put_key(info.name.removeprefix("files/"), reader)  # type: ignore[arg-type]
            else:
                _restore_data_file(info.name, reader)
            if reader.hexdigest() != item.sha256:
                raise BackupError(f"{info.name} changed while it was restored")
    return len(expected)


def restore_backup(path: Path, passphrase: bytes, *, force: bool) -> Restored:
    """Verify, check the target, load, put files and keys back, migrate forward."""
    work_root = sources.data_dir()
    with tempfile.TemporaryDirectory(dir=work_root, prefix=".restore-") as work:
        verified = verify_archive(path, passphrase, Path(work))
        manifest = verified.manifest
        archived = _check_revision(manifest)
        kind = manifest.database["dialect"]
        database.check_target(kind, manifest.database.get("schema"))
        occupied = _occupied()
        if occupied and not force:
            raise BackupError(
                "the target is not empty ("
                + ", ".join(occupied)
                + "): restore into an empty database and data folder, or add --force"
            )
        if occupied:
            _clear()
        assert verified.database_copy is not None  # noqa: S101 - verify keeps it
        database.load(kind, verified.database_copy)
        files = _restore_files(path, manifest)
    for kid, pem in verified.private_keys.items():
        tool_keys.restore_private(kid, pem.encode("ascii"))
    upgrade()
    return Restored(
        manifest.database["tables"],
        files,
        len(verified.private_keys),
        archived,
        migrations.code_head(),
    )
