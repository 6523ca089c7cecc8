"""A busy questions course: the instructor's inbox, the class list, and posting.

Run from the checkout root: ``.venv/bin/python benchmarks/questions.py``.

It builds, in a temporary data directory, a course with 5,000 questions (private
and class, some anonymous, most answered) and 20,000 follow-up comments among 40
students; then it serves the app with Gunicorn (``config/gunicorn.conf.py``),
launches an instructor and students for real (signed id_tokens) and times, one
request at a time after a warm-up, ``GET /questions/inbox`` (instructor) and
``GET /questions/class`` (student): the median is the warm figure. Last, client
threads post new questions through the form (CSRF and launch token included) for
a few seconds; e-mail is configured, so each post also queues the instructor's
e-mail in its transaction (nobody delivers it). Progress goes to stderr; the
last line of stdout is one JSON object::

    {"inbox_warm_ms": ..., "class_list_warm_ms": ..., "posts_per_s": ...}
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from launch import (  # noqa: E402
    BIN,
    LEARNERS,
    LTI,
    Client,
    Platform,
    app_environment,
    expect,
    free_port,
    group_cpu_seconds,
    log,
    one_launch,
    register,
    running,
)
from modules import measure  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bibliography import fold  # noqa: E402
from lti_app import create_app  # noqa: E402
from lti_app.course.models import Course, Membership  # noqa: E402
from lti_app.extensions import db  # noqa: E402
from lti_app.lti.clock import utcnow  # noqa: E402
from lti_app.questions.models import Answer, Comment, Pseudonym, Question  # noqa: E402

QUESTIONS, COMMENTS, INSTRUCTOR = 5_000, 20_000, 99
TEACHER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
_FIELD = re.compile(rb'name="(csrf_token|ltik)" (?:type="hidden" )?value="([^"]+)"')
_WORDS = (
    "coordination", "partenariat", "acteurs", "territoire", "politique", "sociale",
    "dispositif", "évaluation", "public", "usagers", "guichet", "département",
    "commune", "association", "financement", "convention", "diagnostic", "réseau",
)  # fmt: skip


# --- Launches -------------------------------------------------------------------


def launch_as(client: Client, platform: Platform, tool_url: str, who: int) -> None:
    """A real launch; ``INSTRUCTOR`` launches with Moodle's instructor role."""
    if who != INSTRUCTOR:
        one_launch(client, platform, tool_url, who)
        return
    sign = platform.id_token

    def teacher_token(nonce: str, learner: int, url: str) -> str:
        claims = jwt.decode(
            sign(nonce, learner, url), options={"verify_signature": False}
        )
        claims[LTI + "roles"] = [TEACHER_ROLE]
        claims.update(name="Mathilde Enseignante", email="enseignante@example.com")
        return jwt.encode(claims, platform.key, algorithm="RS256",
                          headers={"kid": platform.kid, "typ": "JWT"})  # fmt: skip

    platform.id_token = teacher_token  # type: ignore[method-assign]
    try:
        one_launch(client, platform, tool_url, who)
    finally:
        platform.id_token = sign  # type: ignore[method-assign]


# --- The course -------------------------------------------------------------------


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def _question_rows(course_id: int, authors: list[int], rng: random.Random,
                   start: Any) -> list[dict[str, Any]]:  # fmt: skip
    rows = []
    for n in range(QUESTIONS):
        title = f"Question {n} : {_text(rng, 6)}"
        body = " ".join(_text(rng, 12) for _ in range(4))
        shared = rng.random() < 0.6
        when = start + timedelta(minutes=n * 5)
        rows.append({
            "course_id": course_id, "author_id": rng.choice(authors), "title": title,
            "body": body, "category": rng.choice(("cours", "bibliographie", "devoir",
                                                  "autre")),
            "visibility": "class" if shared else "private",
            "anonymous": shared and rng.random() < 0.3, "named_consent": False,
            "status": rng.choice(("open", "answered", "answered", "resolved")),
            "pinned": False, "faq": False, "search_text": fold(f"{title} {body}"),
            "faq_search": "", "created_at": when, "last_activity_at": when,
        })  # fmt: skip
    return rows


def fill_course(staff_id: int, course_id: int, authors: list[int]) -> None:
    """5,000 questions, their answers, 20,000 comments, pseudonyms (bulk inserts)."""
    rng = random.Random(5)  # noqa: S311 - reproducible test data, not secrets
    start = utcnow() - timedelta(days=30)
    db.session.execute(insert(Question), _question_rows(course_id, authors, rng, start))
    questions = db.session.execute(
        select(Question.id, Question.author_id, Question.anonymous, Question.status)
        .where(Question.course_id == course_id)
    ).all()  # fmt: skip
    answers = [{"course_id": course_id, "question_id": qid, "author_id": staff_id,
                "body": _text(rng, 30), "accepted": False, "revision": 1,
                "created_at": start, "updated_at": start}
               for qid, _, _, status in questions if status != "open"]  # fmt: skip
    db.session.execute(insert(Answer), answers)
    comments = []
    for _ in range(COMMENTS):
        qid, asker, _anon, _status = rng.choice(questions)
        author = asker if rng.random() < 0.5 else rng.choice(authors)
        comments.append({"course_id": course_id, "question_id": qid,
                         "author_id": author, "body": _text(rng, 20),
                         "anonymous": False, "created_at": start})  # fmt: skip
    db.session.execute(insert(Comment), comments)
    pseudonyms = [{"course_id": course_id, "question_id": qid, "membership_id": asker,
                   "number": 0} for qid, asker, anonymous, _ in questions if anonymous]  # fmt: skip
    db.session.execute(insert(Pseudonym), pseudonyms)
    db.session.commit()
    log(f"course: {len(questions)} questions, {len(answers)} answers, "
        f"{len(comments)} comments, {len(pseudonyms)} anonymous")  # fmt: skip


def prepare(env: dict[str, str], platform: Platform, port: int) -> None:
    """Launch everyone once (memberships), then fill the course."""
    app = create_app({"SECRET_KEY": env["SECRET_KEY"], "CARTABLE_DEV_LMS": False,
                      "CARTABLE_DATA_DIR": env["CARTABLE_DATA_DIR"],
                      "CARTABLE_PUBLIC_URL": env["CARTABLE_PUBLIC_URL"]})  # fmt: skip
    tool_url = env["CARTABLE_PUBLIC_URL"]
    with running(
        _server_command(), env, port, Path(env["CARTABLE_DATA_DIR"]) / "s.log"
    ):
        client = Client(port)
        for who in [INSTRUCTOR, *range(4, 4 + LEARNERS)]:
            launch_as(client, platform, tool_url, who)
        client.conn.close()
    with app.app_context():
        course = db.session.scalars(
            select(Course).where(Course.context_id == "2")
        ).one()
        members = db.session.execute(
            select(Membership.id, Membership.lti_role)
            .where(Membership.course_id == course.id)
        ).all()  # fmt: skip
        staff = next(mid for mid, role in members if role == "instructor")
        students = [mid for mid, role in members if role == "student"]
        fill_course(staff, course.id, students)
        db.engine.dispose()


# --- Measurements -----------------------------------------------------------------


def _server_command() -> list[str]:
    return [str(BIN / "gunicorn"), "-c", str(ROOT / "config/gunicorn.conf.py"),
            "lti_app:create_app()"]  # fmt: skip


def warm_ms(client: Client, path: str, marker: bytes, runs: int, server: int) -> float:
    """Median time of ``GET path`` after three warm-up requests (ms)."""
    times, cpu = [], 0.0
    for n in range(runs + 3):
        if n == 3:
            cpu = group_cpu_seconds(server)
        start = time.perf_counter()
        status, _, body = client.send("GET", path)
        elapsed = (time.perf_counter() - start) * 1000
        expect(status, 200, "GET " + path, body)
        if marker not in body:
            raise RuntimeError(f"GET {path} does not show {marker!r}")
        if n >= 3:
            times.append(elapsed)
    cpu = (group_cpu_seconds(server) - cpu) * 1000 / runs
    log(f"  GET {path}: median {statistics.median(times):.1f} ms, "
        f"min {min(times):.1f}, max {max(times):.1f} ({runs} requests); "
        f"server CPU {cpu:.1f} ms per page")  # fmt: skip
    return statistics.median(times)


def _form_fields(client: Client) -> dict[str, str]:
    status, _, body = client.send("GET", "/questions/new")
    expect(status, 200, "GET /questions/new", body)
    return {name.decode(): value.decode() for name, value in _FIELD.findall(body)}


def post_rate(args: argparse.Namespace, platform: Platform, tool_url: str,
              port: int, server: int) -> float:  # fmt: skip
    """Questions posted per second by ``args.threads`` students at once."""
    fields: dict[int, dict[str, str]] = {}

    def student(client: Client, index: int) -> None:
        launch_as(client, platform, tool_url, 4 + index)
        fields[id(client)] = _form_fields(client)

    def post(client: Client) -> None:
        form = {**fields[id(client)], "title": "Une question de plus",
                "body": "Que faut-il lire pour la séance 3 ?", "category": "cours",
                "visibility": "class"}  # fmt: skip
        status, location, body = client.send("POST", "/questions/new", form)
        expect(status, 303, "POST /questions/new", body)
        if "/questions/" not in location:
            raise RuntimeError(f"a post led to {location}")

    return measure("posts", post, student, port, args.threads, args.seconds, server)


def run(args: argparse.Namespace, platform: Platform, env: dict[str, str],
        port: int) -> dict[str, float]:  # fmt: skip
    env.update(CARTABLE_WORKERS=str(args.workers), CARTABLE_THREADS="4",
               CARTABLE_MAX_REQUESTS="0", CARTABLE_RATE_QUESTIONS="100000/minute",
               CARTABLE_RATE_COMMENTS="100000/minute",
               CARTABLE_SMTP_HOST="127.0.0.1", CARTABLE_SMTP_PORT="1")  # fmt: skip
    tool_url = env["CARTABLE_PUBLIC_URL"]
    log_path = Path(env["CARTABLE_DATA_DIR"]) / "gunicorn.log"
    with running(_server_command(), env, port, log_path) as server:
        log(f"gunicorn up: {args.workers} workers x 4 threads")
        teacher, learner = Client(port), Client(port)
        launch_as(teacher, platform, tool_url, INSTRUCTOR)
        launch_as(learner, platform, tool_url, 4)
        pid = server.pid
        inbox = warm_ms(teacher, "/questions/inbox", b"question-item", args.runs, pid)
        class_list = warm_ms(
            learner, "/questions/class", b"question-item", args.runs, pid
        )
        teacher.conn.close()
        learner.conn.close()
        log(f"posting: {args.threads} students, {args.seconds:.0f} s")
        posts = post_rate(args, platform, tool_url, port, server.pid)
    return {"inbox_warm_ms": round(inbox, 1), "class_list_warm_ms": round(class_list, 1),
            "posts_per_s": round(posts, 1)}  # fmt: skip


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed page requests")
    parser.add_argument("--seconds", type=float, default=6.0, help="of posting")
    parser.add_argument("--threads", type=int, default=4, help="posting students")
    parser.add_argument("--workers", type=int, default=2, help="Gunicorn workers")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, _interrupt)
    data_dir = Path(tempfile.mkdtemp(prefix="cartable-bench-"))
    platform = Platform()
    port = free_port()
    env = app_environment(data_dir, port, None)
    try:
        log(f"data in {data_dir}; platform {platform.issuer}")
        register(env, platform)
        prepare(dict(env), platform, port)
        figures = run(args, platform, env, port)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        platform.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
