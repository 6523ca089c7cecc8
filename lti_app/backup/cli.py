"""``flask backup create|verify|restore``: the operator's three commands."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import AppGroup

from lti_app.backup import sealing
from lti_app.backup.create import create_backup
from lti_app.backup.errors import BackupError
from lti_app.backup.restore import restore_backup
from lti_app.backup.verify import verify_archive

backup = AppGroup("backup", help="Back up and restore the database, files and keys.")

_PASSPHRASE_HELP = (
    "File holding the passphrase that encrypts the tool's keys "
    f"(else the {sealing.PASSPHRASE_VARIABLE} variable)."
)
_passphrase_option = click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=_PASSPHRASE_HELP,
)


@contextmanager
def _refusals() -> Iterator[None]:
    """A refusal is one line and exit code 1, never a traceback."""
    try:
        yield
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc


@backup.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@_passphrase_option
def backup_create(path: Path, passphrase_file: Path | None) -> None:
    """Write one archive: database snapshot, stored files, sealed keys, manifest."""
    with _refusals():
        passphrase = sealing.read_passphrase(passphrase_file, required=True)
        assert passphrase is not None  # noqa: S101 - required=True
        manifest = create_backup(path, passphrase)
    rows = sum(manifest.database["tables"].values())
    click.echo(
        f"wrote {path}: {len(manifest.database['tables'])} tables, {rows} row(s), "
        f"{len(manifest.files)} file(s), {len(manifest.keys['kids'])} key(s), "
        f"migration {manifest.database['migration_head']}"
    )


@backup.command("verify")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_passphrase_option
def backup_verify(path: Path, passphrase_file: Path | None) -> None:
    """Check the archive alone; with the passphrase, its keys and signature too."""
    with _refusals(), tempfile.TemporaryDirectory(dir=path.parent) as work:
        passphrase = sealing.read_passphrase(passphrase_file, required=False)
        verified = verify_archive(path, passphrase, Path(work))
    manifest = verified.manifest
    click.echo(
        f"archive intact: {len(manifest.files)} file(s) and the database match "
        "the manifest; "
        + (
            "keys decrypt and the manifest's signature matches"
            if verified.signed
            else "no passphrase given: keys and signature not checked"
        )
    )


@backup.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_passphrase_option
@click.option("--force", is_flag=True, help="Replace what the target already holds.")
def backup_restore(path: Path, passphrase_file: Path | None, force: bool) -> None:
    """Restore into an empty database and data folder, then migrate forward."""
    with _refusals():
        passphrase = sealing.read_passphrase(passphrase_file, required=True)
        assert passphrase is not None  # noqa: S101 - required=True
        done = restore_backup(path, passphrase, force=force)
    migration = (
        f"at migration {done.migrated_to}"
        if done.migrated_from == done.migrated_to
        else f"migrated {done.migrated_from} -> {done.migrated_to}"
    )
    click.echo(
        f"restored {sum(done.tables.values())} row(s) in {len(done.tables)} tables, "
        f"{done.files} file(s), {done.keys} key(s); {migration}"
    )
