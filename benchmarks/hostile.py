"""What each hostile payload costs the running server, and what a neighbour feels.

Run from the checkout root: ``.venv/bin/python benchmarks/hostile.py``.

In a temporary data directory it registers a Moodle-like platform, serves the app
with Gunicorn (``config/gunicorn.conf.py``, two workers, production settings, the
limiter and launch state on the local Redis), launches two students and an
instructor, creates an assignment and a published module. Then it sends every
payload of ``hostile_payloads.py`` once, as the student or the instructor would
(a suggestion, a question, a bibliography upload, a drop-off upload), and reads
the Gunicorn process group's CPU (``/proc``) before and after, and its resident
memory every 20 ms meanwhile.

``--neighbour SECONDS`` then has the first student send the payloads in a loop
(bounded by the time given) while the second student reads the module page, and
reports the slowest of those pages: the production-like test runs this mode.

Progress goes to stderr; the last line of stdout is one JSON object::

    {"payloads": {NAME: {"status", "cpu_s", "rss_mb", "seconds"}, ...},
     "server_errors": N, "worst_cpu_s": ..., "worst_rss_mb": ...,
     "neighbour_pages": N, "neighbour_max_ms": ...}

Targets: ``worst_cpu_s`` <= 1 and ``worst_rss_mb`` <= 100, no 5xx.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from hostile_payloads import Payload, all_payloads  # noqa: E402
from launch import (  # noqa: E402
    BIN,
    Platform,
    app_environment,
    free_port,
    group_cpu_seconds,
    log,
    register,
    running,
)
from uploads import MemorySampler, create_assignment, launch, server_app  # noqa: E402

MIB = 1024 * 1024
REDIS_URL = "redis://127.0.0.1:6379/0"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# The neighbour's reads and the attacker's sends are not rate-limited here: the
# point is what the parsers and inspectors cost, not what the limiter refuses.
GENEROUS = "10000/minute"
LIMITS = [
    f"CARTABLE_RATE_{bucket}{who}"
    for bucket in ("QUESTIONS", "COMMENTS", "SUGGESTIONS", "UPLOADS", "IMPORTS",
                   "READING", "DRAFTS", "EDITS", "GRADING", "SESSIONS", "WRITES")
    for who in ("", "_STAFF")
]  # fmt: skip


@dataclass
class Person:
    """A launched person: their launch token and a session reusing connections."""

    ltik: str
    http: requests.Session
    base: str

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base + path, params={"ltik": self.ltik}, timeout=60)

    def csrf(self, path: str) -> str:
        page = self.get(path)
        found = _CSRF.search(page.text)
        if page.status_code != 200 or not found:
            raise RuntimeError(f"GET {path}: {page.status_code}, no form")
        return found.group(1)

    def post(self, path: str, form: dict[str, str], files: Any = None) -> int:
        response = self.http.post(
            self.base + path,
            params={"ltik": self.ltik},
            data=form,
            files=files,
            headers={"Accept": "text/html"},
            timeout=120,
            allow_redirects=False,  # a 303 is an accepted write, shown as such
        )
        return response.status_code


def send(person: Person, payload: Payload, aid: int) -> int:
    """One payload through the form a person would use; the HTTP status."""
    text = payload.data.decode() if not payload.filename else ""
    if payload.target == "suggestion":
        token = person.csrf("/references/suggestions")
        return person.post("/references/suggestions", {
            "csrf_token": token, "kind": "reference", "bibtex": text, "doi": "",
            "text": "",
        })  # fmt: skip
    if payload.target == "question":
        token = person.csrf("/questions/new")
        return person.post("/questions/new", {
            "csrf_token": token, "title": "Une question", "body": text,
            "category": "cours", "visibility": "private", "about": "",
        })  # fmt: skip
    files = {"file": (payload.filename, payload.data, "application/octet-stream")}
    if payload.target == "bib_upload":
        token = person.csrf("/references/add")
        return person.post("/references/add/upload", {"csrf_token": token}, files)
    token = person.csrf(f"/submissions/{aid}")
    files = {"files": (payload.filename, payload.data, "application/octet-stream")}
    return person.post(f"/submissions/{aid}/upload", {"csrf_token": token}, files)


def create_module(env: dict[str, str]) -> int:
    """A published module, written by this process into the server's database."""
    with server_app(env):
        from lti_app.course.models import Course
        from lti_app.extensions import db
        from lti_app.modules import service

        course = db.session.query(Course).one()
        body = "## Partenariats\n\n" + "Un paragraphe sur la coordination. " * 200
        module = service.create_module(
            course.id, None, service.Draft(title="Coordination", body=body)
        )
        service.set_status(module, None, published=True)
        db.session.commit()
        return int(module.id)


def measure_each(
    pid: int, people: dict[str, Person], aid: int, payloads: list[Payload]
) -> dict[str, dict[str, float]]:
    figures = {}
    for payload in payloads:
        time.sleep(0.5)  # let the previous request's memory settle
        cpu = group_cpu_seconds(pid)
        started = time.perf_counter()
        with MemorySampler(pid) as memory:
            status = send(people[payload.role], payload, aid)
        seconds = time.perf_counter() - started
        cpu = group_cpu_seconds(pid) - cpu
        figures[payload.name] = {
            "status": status,
            "cpu_s": round(cpu, 3),
            "rss_mb": memory.growth_mb,
            "seconds": round(seconds, 3),
        }
        log(f"{payload.name}: HTTP {status}, server CPU {cpu:.3f} s, "
            f"RSS +{memory.growth_mb} MiB, {seconds:.2f} s")  # fmt: skip
    return figures


def neighbour(
    people: dict[str, Person], aid: int, module_id: int, seconds: float,
    payloads: list[Payload],
) -> tuple[list[float], list[int]]:  # fmt: skip
    """The attacker loops over the payloads while the neighbour reads a module."""
    stop = threading.Event()
    statuses: list[int] = []

    def attack() -> None:
        while not stop.is_set():
            for payload in payloads:
                if stop.is_set():
                    break
                statuses.append(send(people[payload.role], payload, aid))

    attacker = threading.Thread(target=attack, daemon=True)
    attacker.start()
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        page = people["neighbour"].get(f"/modules/{module_id}")
        latencies.append(time.perf_counter() - started)
        statuses.append(page.status_code)
        time.sleep(0.05)  # a person reading, not a load generator
    stop.set()
    attacker.join(timeout=300)
    return latencies, statuses


def run(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    platform = Platform()
    port = free_port()
    env = app_environment(data_dir, port, REDIS_URL)
    env.update(CARTABLE_MAX_REQUESTS="0", CARTABLE_WORKERS="2")
    env.update(dict.fromkeys(LIMITS, GENEROUS))
    register(env, platform)
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "config/gunicorn.conf.py"),
               "lti_app:create_app()"]  # fmt: skip
    tool_url = env["CARTABLE_PUBLIC_URL"]
    payloads = [p for p in all_payloads() if not args.only or p.name in args.only]
    result: dict[str, Any] = {}
    with running(command, env, port, data_dir / "gunicorn.log") as server:
        cast = [("student", 4, False), ("neighbour", 5, False), ("staff", 3, True)]
        people = {
            name: Person(launch(platform, port, tool_url, sub, staff=staff),
                         requests.Session(), tool_url)
            for name, sub, staff in cast
        }  # fmt: skip
        aid = create_assignment(env, 20 * MIB)
        module_id = create_module(env)
        figures = measure_each(server.pid, people, aid, payloads)
        result["payloads"] = figures
        statuses = [int(f["status"]) for f in figures.values()]
        if args.neighbour:
            latencies, more = neighbour(
                people, aid, module_id, args.neighbour, payloads
            )
            statuses += more
            result["neighbour_pages"] = len(latencies)
            result["neighbour_max_ms"] = round(1000 * max(latencies), 1)
            log(f"neighbour: {len(latencies)} pages, slowest "
                f"{result['neighbour_max_ms']} ms")  # fmt: skip
    platform.close()
    result["server_errors"] = sum(status >= 500 for status in statuses)
    result["worst_cpu_s"] = max(f["cpu_s"] for f in figures.values())
    result["worst_rss_mb"] = max(f["rss_mb"] for f in figures.values())
    log(f"load average {os.getloadavg()[0]:.1f}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--neighbour", type=float, default=0.0, metavar="SECONDS",
                        help="then loop the payloads beside a reading student")  # fmt: skip
    parser.add_argument("--only", nargs="*", help="payload names (default: all)")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="cartable-hostile-"))
    try:
        result = run(args, data_dir)
    except BaseException:
        server_log = data_dir / "gunicorn.log"
        if server_log.exists():
            log(server_log.read_text()[-3000:])
        raise
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
