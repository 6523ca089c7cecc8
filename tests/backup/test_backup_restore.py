"""A backup taken while students upload restores whole: rows, files, keys, launches."""

from __future__ import annotations

import json
import tarfile
import threading
from collections.abc import Callable
from pathlib import Path

import jwt
import pytest
from flask import Flask
from sqlalchemy import inspect, select, text

from lti_app.backup.manifest import Manifest
from lti_app.extensions import db
from lti_app.lti import keys as tool_keys
from lti_app.storage import get_storage, hash_file
from lti_app.submissions.models import SubmissionFile
from tests.backup.conftest import build_archive, restore
from tests.references.conftest import Browser, Person
from tests.submissions import files
from tests.submissions.conftest import MakeAssignment, upload
from tests.support.launcher import Launcher
from tests.support.platform import LEARNER_ROLES, LTI, Platform
from tests.support.storage_report import Totals, verify_totals

MAX_UPLOADS_PER_STUDENT = 30


class Uploads:
    """Students sending new versions in threads until stopped (or a bound)."""

    def __init__(self, browsers: list[Browser], assignment_id: int) -> None:
        self.done = 0
        self.stop = threading.Event()
        self.failures: list[str] = []
        self.changed = threading.Condition()
        self.threads = [
            threading.Thread(target=self._run, args=(b, assignment_id), daemon=True)
            for b in browsers
        ]

    def _run(self, browser: Browser, assignment_id: int) -> None:
        for n in range(1, MAX_UPLOADS_PER_STUDENT + 1):
            if self.stop.is_set():
                return
            response = upload(browser, assignment_id, ("travail.pdf", files.pdf(n)))
            with self.changed:
                if response.status_code != 303:
                    self.failures.append(f"{response.status_code}")
                self.done += 1
                self.changed.notify_all()

    def wait_for(self, count: int) -> int:
        with self.changed:
            assert self.changed.wait_for(lambda: self.done >= count, timeout=120)
            return self.done


def _counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        names = inspect(db.engine).get_table_names()
        with db.engine.connect() as connection:
            return {
                n: connection.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one()  # noqa: S608
                for n in names
            }


def _manifest(archive: Path) -> Manifest:
    with tarfile.open(archive) as tar:
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        return Manifest.from_bytes(handle.read())


def _file_hashes(app: Flask) -> dict[str, str]:
    """Each submitted file's key -> SHA-256 of the bytes actually stored."""
    with app.app_context():
        keys = db.session.scalars(select(SubmissionFile.storage_key)).all()
        return {key: hash_file(get_storage(), key)[1] for key in keys}


def _students(person: Person) -> list[Browser]:
    return [person(sub, LEARNER_ROLES) for sub in ("41", "42")]


@pytest.mark.backends
def test_a_backup_during_uploads_restores_whole(
    app: Flask,
    backend: str,
    person: Person,
    staff: Browser,
    platform: Platform,
    make_assignment: MakeAssignment,
    fresh_app: Callable[..., Flask],
    passphrase_file: Path,
    tmp_path: Path,
) -> None:
    jwks = app.test_client().get("/lti/jwks").get_json()  # the tool's first key
    assignment_id = make_assignment(max_files=1)
    uploads = Uploads(_students(person), assignment_id)
    for thread in uploads.threads:
        thread.start()
    before = uploads.wait_for(2)
    archive = tmp_path / "cartable.tar"
    build_archive(app, passphrase_file, archive)
    runner = app.test_cli_runner()
    after = uploads.done
    uploads.wait_for(after + 2)  # uploads go on after the backup, then stop
    uploads.stop.set()
    for thread in uploads.threads:
        thread.join(timeout=120)
    assert uploads.failures == []

    manifest = _manifest(archive)
    archived_files = manifest.database["tables"]["submission_files"]
    assert before <= archived_files <= after
    assert archived_files < uploads.done  # later uploads stayed out, whole
    assert len(manifest.files) == archived_files
    source_hashes = _file_hashes(app)

    checked = runner.invoke(
        args=[
            "backup",
            "verify",
            str(archive),
            "--passphrase-file",
            str(passphrase_file),
        ]
    )
    assert checked.exit_code == 0, checked.output
    assert "keys decrypt" in checked.output

    target = fresh_app()
    restored = restore(target, archive, passphrase_file)
    assert restored.exit_code == 0, restored.output
    assert _counts(target) == manifest.database["tables"]
    target_hashes = _file_hashes(target)
    assert len(target_hashes) == archived_files
    assert all(source_hashes[key] == sha for key, sha in target_hashes.items())
    with target.app_context():
        rows = db.session.execute(
            select(SubmissionFile.storage_key, SubmissionFile.sha256)
        ).all()
    assert dict(rows) == target_hashes

    verify = target.test_cli_runner().invoke(args=["storage", "verify"])
    assert verify.exit_code == 0, verify.output
    assert verify_totals(verify.output) == Totals(archived_files, 0, 0, 0)

    _same_keys_and_launch(target, platform, jwks)


def _same_keys_and_launch(target: Flask, platform: Platform, jwks: dict) -> None:
    """Same JWKS, a key that signs, and the platform's launch accepted."""
    client = target.test_client()
    assert client.get("/lti/jwks").get_json() == jwks
    with target.app_context():
        token = tool_keys.sign({"iss": "tool", "aud": platform.client_id})
    public = jwt.PyJWK(jwks["keys"][0])
    assert jwt.decode(
        token, public.key, algorithms=["RS256"], audience=platform.client_id
    )
    launcher = Launcher(client, platform)
    response = launcher.launch(
        sub="41",
        **{LTI + "roles": LEARNER_ROLES,
           LTI + "context": {"id": "2", "title": "Cours 2", "type": ["CourseSection"]}},
    )  # fmt: skip
    assert response.status_code == 303, response.text
    ltik = response.location.split("ltik=")[1].split("&")[0]
    page = client.get(f"/submissions/?ltik={ltik}")
    assert page.status_code == 200
    assert json.dumps(jwks)  # the JWKS is plain JSON, nothing private in it
    assert "PRIVATE" not in json.dumps(jwks)
