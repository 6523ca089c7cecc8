"""A server killed in the middle of an upload leaves no row and no visible file.

A real gunicorn process serves the app on the test's database and data folder;
the upload is sent over a raw socket, half of it, then the server is killed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from lti_app.extensions import db
from lti_app.storage import LocalStorage
from tests.conftest import TEST_SECRET
from tests.submissions import files
from tests.submissions.conftest import Browser, MakeAssignment

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(
    data_dir: Path, log: Path
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """gunicorn on the test's data folder (its SQLite file), in its own session."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")}
    env.pop("DATABASE_URL", None)
    env.update(SECRET_KEY=TEST_SECRET, CARTABLE_DATA_DIR=str(data_dir))
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
             "lti_app:create_app()"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                url = f"http://127.0.0.1:{port}/healthz"
                if requests.get(url, timeout=5).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield port, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _counts(app: Flask) -> list[int]:
    from lti_app.submissions.models import Submission, SubmissionFile, SubmissionVersion

    with app.app_context():
        return [
            db.session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Submission, SubmissionVersion, SubmissionFile)
        ]


def test_killed_mid_upload_leaves_nothing_visible(
    app: Flask, student: Browser, make_assignment: MakeAssignment, tmp_path: Path
) -> None:
    aid = make_assignment()
    fields = MultiDict({"csrf_token": student.csrf()})
    big = files.pdf(1) + b"%" * (8 * 1024 * 1024)
    fields.add("files", FileStorage(__import__("io").BytesIO(big), "gros.pdf", "files"))
    boundary, body = encode_multipart(fields)
    data_dir = Path(app.config["CARTABLE_DATA_DIR"])
    storage = LocalStorage(data_dir / "files")
    with app.app_context():
        db.engine.dispose()  # the server process writes the SQLite file meanwhile
    with gunicorn(data_dir, tmp_path / "gunicorn.log") as (port, process):
        head = (
            f"POST /submissions/{aid}/upload?ltik={student.ltik} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(head + body[: len(body) // 2])
            folder = data_dir / "files" / "submissions"
            deadline = time.monotonic() + 20
            while not (folder.exists() and any(folder.rglob(".tmp-*"))):
                assert time.monotonic() < deadline, "the upload never started streaming"
                time.sleep(0.05)
            os.killpg(process.pid, signal.SIGKILL)  # master and worker, no cleanup
            process.wait()
    assert _counts(app) == [0, 0, 0]
    assert list(storage.iter_keys()) == []  # the half file is a hidden temporary one
    (temporary,) = list(folder.rglob(".tmp-*"))
    assert temporary.stat().st_size < len(big)
    result = app.test_cli_runner().invoke(
        args=["storage", "verify", "--remove-orphans", "--apply",
              "--temporary-age", "0"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "; 1 interrupted upload(s)" in result.output
    assert "removed 1 file(s)" in result.output
    assert not any(p.is_file() for p in folder.rglob("*"))


def test_a_complete_upload_over_gunicorn_is_kept(
    app: Flask, student: Browser, make_assignment: MakeAssignment, tmp_path: Path
) -> None:
    aid = make_assignment()
    content = files.pptx(1)
    data_dir = Path(app.config["CARTABLE_DATA_DIR"])
    with app.app_context():
        db.engine.dispose()
    with gunicorn(data_dir, tmp_path / "gunicorn.log") as (port, _process):
        response = requests.post(
            f"http://127.0.0.1:{port}/submissions/{aid}/upload",
            headers={"Authorization": f"Bearer {student.ltik}",
                     "X-CSRFToken": student.csrf(), "Accept": "application/json"},
            files={"files": ("diapo.pptx", content)}, timeout=30,
        )  # fmt: skip
        assert response.status_code == 201, response.text
    assert _counts(app) == [1, 1, 1]
    (key,) = list(LocalStorage(data_dir / "files").iter_keys())
    assert (data_dir / "files" / key).read_bytes() == content
