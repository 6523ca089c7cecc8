"""Thirty students uploading 20 MB each at once, against a plain copy to the same disk.

Run from the checkout root: ``.venv/bin/python benchmarks/uploads.py``.

In a temporary data directory it registers a Moodle-like platform, serves the app
with Gunicorn (``config/gunicorn.conf.py``), launches one student per client and
one instructor, creates an assignment; after a warm-up round of 1 MiB uploads at
the same concurrency (every server thread started once), every client uploads the
same 20 MiB PowerPoint file (one slide and an incompressible picture) at the same
moment over its own connection, the body sent in 1 MiB pieces. Meanwhile the resident memory
of the server's processes is sampled every 20 ms. The baseline writes the same
bytes, as many files from as many threads, to the same disk in 1 MiB chunks with
an fsync each, as the upload path does. Then the instructor downloads the zip of
every submission (streamed) while memory is sampled again.

Progress goes to stderr; the last line of stdout is one JSON object::

    {"upload_mb_per_s": ..., "raw_copy_mb_per_s": ..., "ratio": ...,
     "server_growth_mb": ..., "zip_growth_mb": ...}

MB here are MiB (2**20 bytes).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from launch import (  # noqa: E402
    BIN,
    LTI,
    Client,
    Platform,
    app_environment,
    expect,
    free_port,
    group_cpu_seconds,
    log,
    register,
    running,
)

MIB = 1024 * 1024
# A well-formed presentation listing one slide: the inspector parses it.
PRESENTATION = (
    '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>'
)
_CSRF = re.compile(rb'name="csrf_token" value="([^"]+)"')
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def payload(size: int) -> bytes:
    """A one-slide PPTX whose picture makes it ``size`` bytes (stored, random)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", PRESENTATION)
        archive.writestr("ppt/slides/slide1.xml", "<p:sld/>")
        archive.writestr("ppt/media/image1.png", os.urandom(max(0, size - 600)))
    return buffer.getvalue()


def launch(platform: Platform, port: int, tool_url: str, sub: int,
           staff: bool = False) -> str:  # fmt: skip
    """A whole OIDC launch; the launch token (``ltik``) the tool hands back."""
    client = Client(port)
    status, location, body = client.send(
        "POST", "/lti/login", platform.login_form(tool_url, sub)
    )
    expect(status, 303, "POST /lti/login", body)
    status, location, body = client.send("GET", location)
    expect(status, 303, "GET /lti/login/continue", body)
    nonce, state = (
        parse_qs(urlsplit(location).query)[k][0] for k in ("nonce", "state")
    )
    token = platform.id_token(nonce, sub, tool_url)
    if staff:  # same message, an instructor's role
        claims = jwt.decode(token, options={"verify_signature": False})
        claims[LTI + "roles"] = [INSTRUCTOR]
        token = jwt.encode(claims, platform.key, algorithm="RS256",
                           headers={"kid": platform.kid, "typ": "JWT"})  # fmt: skip
    status, location, body = client.send(
        "POST", "/lti/launch", {"id_token": token, "state": state}
    )
    expect(status, 303, "POST /lti/launch", body)
    client.conn.close()
    return parse_qs(urlsplit(location).query)["ltik"][0]


@contextlib.contextmanager
def server_app(env: dict[str, str]) -> Iterator[Any]:
    """The server's app in this process, under its environment, to write set-up rows."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from lti_app import create_app
        from lti_app.extensions import db

        app = create_app()
        with app.app_context():
            yield app
            db.engine.dispose()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def create_assignment(env: dict[str, str], max_bytes: int) -> int:
    """The assignment, written by this process into the server's database."""
    with server_app(env):
        from lti_app.course.models import Course
        from lti_app.extensions import db
        from lti_app.submissions import service

        course = db.session.query(Course).one()
        assignment = service.create_assignment(course.id, service.Settings(
            title="Benchmark", instructions="", opens_at=None, due_at=None,
            cutoff_at=None, accepted_kinds=["pptx", "odp", "pdf"],
            max_bytes=max_bytes, max_files=1, attempts_allowed=0, points=20.0,
            require_submit=False, blind_marking=False, expected_pages=1,
        ))  # fmt: skip
        return int(assignment.id)


def csrf_token(port: int, aid: int, ltik: str) -> str:
    client = Client(port)
    status, _, body = client.send("GET", f"/submissions/{aid}?ltik={ltik}")
    expect(status, 200, "GET assignment", body)
    client.conn.close()
    found = _CSRF.search(body)
    if not found:
        raise RuntimeError("no upload form on the assignment page")
    return found.group(1).decode()


def upload(port: int, aid: int, ltik: str, csrf: str, data: bytes) -> None:
    """One multipart POST, the file sent in 1 MiB pieces as a browser would."""
    boundary = secrets.token_hex(16)
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        f'{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="diapo.pptx"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.putrequest("POST", f"/submissions/{aid}/upload")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(len(head) + len(data) + len(tail)))
    conn.putheader("Authorization", f"Bearer {ltik}")
    conn.putheader("Accept", "application/json")
    conn.endheaders()
    conn.send(head)
    view = memoryview(data)
    for start in range(0, len(data), MIB):
        conn.send(view[start : start + MIB])
    conn.send(tail)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    expect(response.status, 201, "POST upload", body)


class MemorySampler:
    """Peak resident memory of a process group, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = self.baseline = self.rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        total = 0
        for process in [self.root, *self.root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a process may have exited
                total += process.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.rss())

    def __enter__(self) -> MemorySampler:
        self.peak = self.baseline = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth_mb(self) -> float:
        return round((self.peak - self.baseline) / MIB, 1)


def all_at_once(count: int, action: Any) -> float:
    """Run ``action(i)`` in ``count`` threads released together; the wall time."""
    barrier = threading.Barrier(count + 1)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            action(index)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} failed: {errors[0]}")
    return time.perf_counter() - started


def raw_copy(folder: Path, count: int, data: bytes) -> float:
    """The same bytes written by ``count`` threads, 1 MiB chunks, fsync; MB/s."""
    folder.mkdir()
    view = memoryview(data)

    def write(index: int) -> None:
        with (folder / f"copy-{index}").open("wb") as handle:
            for start in range(0, len(data), MIB):
                handle.write(view[start : start + MIB])
            handle.flush()
            os.fsync(handle.fileno())

    cpu = time.process_time()
    seconds = all_at_once(count, write)
    cpu = time.process_time() - cpu
    shutil.rmtree(folder)
    log(f"raw copy CPU {1000 * cpu / (count * len(data) / MIB):.1f} ms per MiB")
    return count * len(data) / MIB / seconds


def zip_download(port: int, aid: int, ltik: str) -> int:
    """Stream the archive of every submission, discarding it; its size."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", f"/submissions/{aid}/grading/archive.zip?ltik={ltik}")
    response = conn.getresponse()
    if response.status == 404:
        return -1
    total = 0
    while chunk := response.read(MIB):
        total += len(chunk)
    conn.close()
    expect(response.status, 200, "GET archive.zip", b"")
    return total


def run(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    platform = Platform()
    port = free_port()
    env = app_environment(data_dir, port, None)
    env.update(CARTABLE_MAX_REQUESTS="0", CARTABLE_LOG_LEVEL="warning")
    if args.workers:  # else the production defaults of config/gunicorn.conf.py
        env["CARTABLE_WORKERS"] = str(args.workers)
    if args.threads:
        env["CARTABLE_THREADS"] = str(args.threads)
    register(env, platform)
    data = payload(args.size_mb * MIB)
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "config/gunicorn.conf.py"),
               "lti_app:create_app()"]  # fmt: skip
    tool_url = env["CARTABLE_PUBLIC_URL"]
    with running(command, env, port, data_dir / "gunicorn.log") as server:
        log(f"gunicorn: workers {args.workers or 'default'}, threads "
            f"{args.threads or 'default'}; "
            f"{args.clients} clients x {len(data) / MIB:.1f} MiB")  # fmt: skip
        ltiks = [launch(platform, port, tool_url, 4 + i) for i in range(args.clients)]
        staff = launch(platform, port, tool_url, 3, staff=True)
        aid = create_assignment(env, len(data) + MIB)
        tokens = [csrf_token(port, aid, ltik) for ltik in ltiks]
        # Warm-up at the same concurrency with a 1 MiB file: every server thread
        # starts and loads its caches once; what follows is what the size adds.
        small = payload(MIB)
        all_at_once(
            args.clients, lambda i: upload(port, aid, ltiks[i], tokens[i], small)
        )
        time.sleep(1)  # let the workers settle before the baseline
        cpu = group_cpu_seconds(server.pid)
        with MemorySampler(server.pid) as memory:
            seconds = all_at_once(
                args.clients, lambda i: upload(port, aid, ltiks[i], tokens[i], data)
            )
        cpu = group_cpu_seconds(server.pid) - cpu
        upload_rate = args.clients * len(data) / MIB / seconds
        log(f"uploads: {seconds:.1f} s, {upload_rate:.1f} MiB/s, "
            f"memory +{memory.growth_mb} MiB, server CPU "
            f"{1000 * cpu / (args.clients * len(data) / MIB):.1f} ms per MiB; "
            f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        with MemorySampler(server.pid) as zip_memory:
            size = zip_download(port, aid, staff)
        zip_growth = zip_memory.growth_mb if size >= 0 else None
        log(
            f"zip: {size / MIB:.0f} MiB streamed, memory +{zip_growth} MiB"
            if size >= 0
            else "zip: no archive endpoint, zip_growth_mb is null"
        )
    raw_rate = raw_copy(data_dir / "raw", args.clients, data)
    log(f"raw copy: {raw_rate:.1f} MiB/s")
    platform.close()
    return {
        "upload_mb_per_s": round(upload_rate, 1),
        "raw_copy_mb_per_s": round(raw_rate, 1),
        "ratio": round(upload_rate / raw_rate, 3),
        "server_growth_mb": memory.growth_mb,
        "zip_growth_mb": zip_growth,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--size-mb", type=int, default=20)
    parser.add_argument("--workers", type=int, default=0, help="default: gunicorn.conf")
    parser.add_argument("--threads", type=int, default=0, help="default: gunicorn.conf")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="cartable-uploads-", dir=ROOT / "var"
                                     if (ROOT / "var").is_dir() else None))  # fmt: skip
    try:
        result = run(args, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
