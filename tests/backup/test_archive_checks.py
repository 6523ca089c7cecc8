"""What verify and restore refuse: altered archives, wrong passphrases, busy targets."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

import lti_app
from lti_app import create_app
from lti_app.backup import database, sealing
from lti_app.backup.manifest import Manifest
from lti_app.course.models import User
from lti_app.extensions import db
from lti_app.modules.attachments import add_attachment
from lti_app.modules.models import Module
from lti_app.submissions.feedback_files import store_feedback_file
from lti_app.submissions.grade_service import attach_feedback_file
from lti_app.submissions.models import Assignment
from tests.backup.conftest import PASSPHRASE, build_archive, restore
from tests.conftest import base_settings
from tests.references.conftest import Browser, course_id_of
from tests.submissions import files
from tests.submissions.conftest import MakeAssignment, upload
from tests.support.storage_report import Totals, verify_totals

# What depends on the engine (loading into a busy or empty target) runs on both;
# checks of the archive alone, the same whatever it holds, run on SQLite (each
# PostgreSQL case costs two scratch databases).
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])

OLDER = "1b7f3b1a772d"  # the migration before the grades tables
HEAD = ScriptDirectory(
    str(Path(lti_app.__file__).parent / "migrations")
).get_current_head()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _rewrite(
    archive: Path, target: Path, change: Callable[[str, bytes], bytes]
) -> None:
    """Copy an archive member by member, letting ``change`` alter any member."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for info in source:
            handle = source.extractfile(info)
            assert handle is not None
            data = change(info.name, handle.read())
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def _flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


@pytest.fixture
def archive(app: Flask, student: Browser, make_assignment: MakeAssignment,
            passphrase_file: Path, tmp_path: Path) -> Path:  # fmt: skip
    """An archive with a submission, a feedback file and a module attachment."""
    assignment_id = make_assignment()
    assert upload(student, assignment_id, ("a.pdf", files.pdf(2))).status_code == 303
    course_id = course_id_of(app)
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        feedback = store_feedback_file(io.BytesIO(files.pdf(3)), "retour.pdf",
                                       course_id, 10**6)  # fmt: skip
        user_id = db.session.scalars(select(User.id).where(User.sub == "4")).one()
        attach_feedback_file(assignment, user_id, feedback)
        module = Module(course_id=course_id, title="Module", slug="module")
        db.session.add(module)
        db.session.commit()
        add_attachment(module, None, "image.png", PNG, "image/png")
    app.test_client().get("/lti/jwks")
    return build_archive(app, passphrase_file, tmp_path / "backup.tar")


def _verify(app: Flask, archive: Path, *extra: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(
        args=["backup", "verify", str(archive), *extra]
    )
    return result.exit_code, result.output


@SQLITE_ONLY
def test_archive_holds_every_kind_of_file_and_no_key_in_clear(
    app: Flask, archive: Path
) -> None:
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert any(n.startswith("files/submissions/") for n in names)
    assert any(n.startswith("files/feedback/") for n in names)
    assert any(n.startswith("data/attachments/") for n in names)
    assert b"PRIVATE KEY" not in archive.read_bytes()
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


@SQLITE_ONLY
def test_a_flipped_bit_in_a_file_is_refused(
    app: Flask, archive: Path, tmp_path: Path
) -> None:
    altered = tmp_path / "altered.tar"
    _rewrite(
        archive,
        altered,
        lambda name, data: _flip_last_byte(data) if name.startswith("files/") else data,
    )
    code, output = _verify(app, altered)
    assert code == 1
    assert "was altered: its SHA-256 is not the manifest's" in output


@SQLITE_ONLY
def test_a_manifest_rewritten_to_match_is_refused_with_the_passphrase(
    app: Flask, archive: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    """Whoever recomputes the hashes still cannot sign without the passphrase."""
    altered = tmp_path / "altered.tar"
    changed: dict[str, str] = {}

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("files/submissions/"):
            data = _flip_last_byte(data)
            changed[name] = hashlib.sha256(data).hexdigest()
        if name == "manifest.json":
            manifest = json.loads(data)
            for item in manifest["files"]:
                item["sha256"] = changed.get(item["name"], item["sha256"])
            data = json.dumps(manifest, sort_keys=True, indent=1).encode()
        return data

    _rewrite(archive, altered, change)
    assert changed
    code, output = _verify(app, altered, "--passphrase-file", str(passphrase_file))
    assert code == 1
    assert "the manifest was altered" in output


def test_a_wrong_passphrase_is_refused(
    app: Flask, archive: Path, fresh_app: Callable[..., Flask], tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not the right passphrase at all", encoding="utf-8")
    code, output = _verify(app, archive, "--passphrase-file", str(wrong))
    assert code == 1
    assert "wrong passphrase" in output
    target = fresh_app()
    result = restore(target, archive, wrong)
    assert result.exit_code == 1
    assert "wrong passphrase" in result.output
    with target.app_context():
        assert inspect(db.engine).get_table_names() == []


@SQLITE_ONLY
def test_verify_without_passphrase_checks_hashes_and_counts(
    app: Flask, archive: Path
) -> None:
    code, output = _verify(app, archive)
    assert code == 0, output
    assert "keys and signature not checked" in output


def test_a_non_empty_target_is_refused_unless_forced(
    archive: Path, fresh_app: Callable[..., Flask], passphrase_file: Path
) -> None:
    target = fresh_app(migrated=True)
    refused = restore(target, archive, passphrase_file)
    assert refused.exit_code == 1
    assert "the target is not empty (table alembic_version" in refused.output
    forced = restore(target, archive, passphrase_file, "--force")
    assert forced.exit_code == 0, forced.output
    verify = target.test_cli_runner().invoke(args=["storage", "verify"])
    assert verify_totals(verify.output) == Totals(3, 0, 0, 0)
    attachments = Path(target.config["CARTABLE_DATA_DIR"]) / "attachments"
    assert [p.read_bytes() for p in attachments.rglob("*") if p.is_file()] == [PNG]


def _as_an_older_cartable_wrote_it(archive: Path, tmp_path: Path) -> Path:
    """The same archive with its database one migration back, manifest re-signed."""
    work = tmp_path / "older"
    work.mkdir()
    copy = work / "cartable.sqlite3"
    with tarfile.open(archive) as tar:
        member = tar.extractfile("database/cartable.sqlite3")
        assert member is not None
        copy.write_bytes(member.read())
        manifest = Manifest.from_bytes(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    old = create_app(base_settings(work))
    with old.app_context():
        downgrade(revision=OLDER)
        db.engine.dispose()
    counts, head = database.dump_counts("sqlite", copy)
    data = copy.read_bytes()
    manifest.database.update(tables=counts, migration_head=head, size=len(data),
                             sha256=hashlib.sha256(data).hexdigest())  # fmt: skip
    body = manifest.to_bytes()
    keys = sealing.derive(PASSPHRASE.encode(), manifest.keys["kdf"])
    replaced = {"database/cartable.sqlite3": data, "manifest.json": body,
                "manifest.hmac": sealing.signature(keys, body).encode()}  # fmt: skip
    older = tmp_path / "older.tar"
    _rewrite(archive, older, lambda name, data: replaced.get(name, data))
    return older


@SQLITE_ONLY
def test_an_older_archive_is_migrated_forward(
    archive: Path,
    fresh_app: Callable[..., Flask],
    passphrase_file: Path,
    tmp_path: Path,
) -> None:
    older = _as_an_older_cartable_wrote_it(archive, tmp_path)
    target = fresh_app()
    result = restore(target, older, passphrase_file)
    assert result.exit_code == 0, result.output
    assert f"migrated {OLDER} -> {HEAD}" in result.output
    with target.app_context():
        assert "assignment_grades" in inspect(db.engine).get_table_names()
        assert db.session.scalars(select(Assignment.id)).all() != []


@SQLITE_ONLY
def test_a_database_behind_the_code_is_not_backed_up(
    fresh_app: Callable[..., Flask], passphrase_file: Path, tmp_path: Path
) -> None:
    source = fresh_app()
    with source.app_context():
        upgrade(revision=OLDER)
    made = source.test_cli_runner().invoke(args=[
        "backup", "create", str(tmp_path / "a.tar"), "--passphrase-file",
        str(passphrase_file)])  # fmt: skip
    assert made.exit_code == 1
    assert f"the database is at migration {OLDER}, this code at {HEAD}" in made.output
    assert not (tmp_path / "a.tar").exists()


@SQLITE_ONLY
def test_no_passphrase_no_backup(app: Flask, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.delenv("CARTABLE_BACKUP_PASSPHRASE", raising=False)
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["backup", "create", str(tmp_path / "a.tar")])
    assert missing.exit_code == 1
    assert "a passphrase is needed" in missing.output
    monkeypatch.setenv("CARTABLE_BACKUP_PASSPHRASE", "short")
    short = runner.invoke(args=["backup", "create", str(tmp_path / "a.tar")])
    assert "at least 12 characters" in short.output
    monkeypatch.setenv("CARTABLE_BACKUP_PASSPHRASE", PASSPHRASE)
    made = runner.invoke(args=["backup", "create", str(tmp_path / "a.tar")])
    assert made.exit_code == 0, made.output
    again = runner.invoke(args=["backup", "create", str(tmp_path / "a.tar")])
    assert "already exists" in again.output
    assert not list(tmp_path.glob(".cartable-backup-*"))


@pytest.mark.parametrize("backend", ["postgresql"])
def test_an_archive_goes_only_into_its_own_engine(
    archive: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    """Refused before ``--force`` empties anything."""
    folder = tmp_path / "sqlite-target"
    folder.mkdir()
    target = create_app(base_settings(folder))
    with target.app_context():
        upgrade()
    result = restore(target, archive, passphrase_file, "--force")
    assert result.exit_code == 1
    assert "holds a postgresql database; the target is sqlite" in result.output
    with target.app_context():
        assert "alembic_version" in inspect(db.engine).get_table_names()
        db.engine.dispose()
