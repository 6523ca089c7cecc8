"""A long module with citations: render cost, and its page against trivial requests.

Run from the checkout root: ``.venv/bin/python benchmarks/modules.py``.

It builds, in a temporary data directory, a course with a generated bibliography
and a published module of 20 screens of Markdown citing 50 references; it times
the first rendering (cache empty) and the cached one in this process; then it
serves the app with Gunicorn (``config/gunicorn.conf.py``), launches one student
per client thread and times ``GET /modules/<id>`` against ``GET /ping`` with the
same client. Progress goes to stderr; the last line of stdout is one JSON object::

    {"render_cold_ms": ..., "render_warm_ms": ..., "page_per_s": ...,
     "trivial_per_s": ..., "ratio": ...}

``--profile FILE`` instead serves the app in one single-threaded process under
cProfile, drives sequential module page requests, and writes the statistics.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bib_corpus import generate_bibtex  # noqa: E402
from flask import Flask  # noqa: E402
from launch import (  # noqa: E402
    BIN,
    LEARNERS,
    PROFILED_SERVER,
    Client,
    Platform,
    app_environment,
    expect,
    free_port,
    group_cpu_seconds,
    log,
    one_launch,
    one_ping,
    register,
    running,
)

from lti_app import create_app  # noqa: E402
from lti_app.course.models import Course  # noqa: E402
from lti_app.extensions import db  # noqa: E402
from lti_app.modules import render_cache  # noqa: E402
from lti_app.modules.models import Module, ModuleRender  # noqa: E402
from lti_app.references import imports, queries  # noqa: E402

PAGES, CITATIONS, LOCALE = 20, 50, "en"  # the benchmark's students launch in English
TITLE = "Coordination et partenariats : un module long"


# --- The module ---------------------------------------------------------------


def module_source(keys: list[str]) -> str:
    """About 20 screens of Markdown citing ``keys`` (50 citations, round robin)."""
    cites = iter(keys * 2)
    parts = []
    per_page = [CITATIONS // PAGES + (1 if i < CITATIONS % PAGES else 0)
                for i in range(PAGES)]  # fmt: skip
    for page, count in enumerate(per_page, 1):
        marks = [f"[@{next(cites)}, p. {page * 3}]" for _ in range(count)]
        body = " ".join(
            "Le partenariat suppose une coordination explicite des acteurs, des "
            "objectifs partagés et des moyens identifiés pour chacun."
            for _ in range(4)
        )
        parts.append(
            f"## Partie {page} : enjeux de la coordination\n\n{body} {marks[0]}\n\n"
            f"### Points clés de la partie {page}\n\n"
            "- identifier les acteurs et leurs mandats ;\n"
            "- formaliser les engagements réciproques ;\n"
            "- suivre les effets sur les publics accompagnés.\n\n"
            "1. Diagnostic partagé\n2. Plan d'action\n3. Évaluation\n\n"
            "| Acteur | Rôle | Échéance |\n| --- | --- | --- |\n"
            + "".join(f"| Acteur {i} | Rôle {i} | Mois {i} |\n" for i in range(1, 7))
            + f"\n{body} {' '.join(marks[1:])}\n\n> Une citation mise en avant.\n"
        )
    return "\n".join(parts)


def build_course(app: Flask) -> tuple[int, int]:
    """Bibliography and module in the launched course; (module id, source bytes)."""
    course = db.session.scalars(db.select(Course).where(Course.context_id == "2")).one()
    data = generate_bibtex(400, seed=11)
    parsed = imports.read_input(data, "corpus.bib", 64 * 1024 * 1024, upload=True)
    imports.import_now(course.id, None, parsed)
    keys = [row.key for row in queries.list_references(course.id)][:CITATIONS]
    assert len(keys) == CITATIONS, len(keys)
    source = module_source(keys)
    module = Module(course_id=course.id, title=TITLE, slug="module-long",
                    body_markdown=source, status="published")  # fmt: skip
    db.session.add(module)
    db.session.commit()
    log(f"module: {len(source) / 1024:.0f} KiB of Markdown, {CITATIONS} citations, "
        f"{len(queries.list_references(course.id))} references in the course")  # fmt: skip
    return module.id, len(source)


def fresh_module(module_id: int) -> Module:
    """The module from a new session, as a request would load it."""
    db.session.remove()
    module: Module | None = db.session.get(Module, module_id)
    assert module is not None
    return module


def time_renders(app: Flask, module_id: int, runs: int) -> tuple[float, float]:
    """First rendering with an empty cache, then the median cached one (ms)."""
    with app.app_context():
        db.session.execute(db.delete(ModuleRender))
        db.session.commit()
        module = fresh_module(module_id)
        start = time.perf_counter()
        rendered = render_cache.rendered_module(module, LOCALE)
        cold = (time.perf_counter() - start) * 1000
        assert rendered.bibliography.markup.count("<li") == CITATIONS
        warm = []
        for _ in range(runs):
            module = fresh_module(module_id)
            start = time.perf_counter()
            render_cache.rendered_module(module, LOCALE)
            warm.append((time.perf_counter() - start) * 1000)
        from_row = []  # the same hit, from the database row (another worker's)
        for _ in range(runs):
            module = fresh_module(module_id)
            render_cache.forget_recent()
            start = time.perf_counter()
            render_cache.rendered_module(module, LOCALE)
            from_row.append((time.perf_counter() - start) * 1000)
        db.session.remove()
    log(f"render: cold {cold:.1f} ms, warm {statistics.median(warm):.2f} ms "
        f"(median of {runs}, min {min(warm):.2f}); warm from the database row "
        f"{statistics.median(from_row):.2f} ms")  # fmt: skip
    return cold, statistics.median(warm)


# --- Load ---------------------------------------------------------------------


def measure(
    name: str,
    action: Callable[[Client], None],
    prepare: Callable[[Client, int], None],
    port: int,
    threads: int,
    seconds: float,
    server: int,
) -> float:
    """Closed loop: each thread prepares its client untimed, then runs ``action``."""
    lock, done, errors = threading.Lock(), [0], []
    ready = threading.Barrier(threads + 1)
    clients = [Client(port) for _ in range(threads)]
    for index, client in enumerate(clients):
        prepare(client, index)

    def worker(client: Client) -> None:
        ready.wait()
        try:
            while time.perf_counter() < deadline and not errors:
                action(client)
                with lock:
                    done[0] += 1
        except Exception as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            client.conn.close()

    pool = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    for thread in pool:
        thread.start()
    server_cpu, client_cpu = group_cpu_seconds(server), time.process_time()
    started = time.perf_counter()
    deadline = started + seconds
    ready.wait()
    for thread in pool:
        while thread.is_alive():
            thread.join(0.2)
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{name} failed: {errors[0]}") from errors[0]
    server_cpu = group_cpu_seconds(server) - server_cpu
    client_cpu = time.process_time() - client_cpu
    per_op = 1000 / max(done[0], 1)
    rate = done[0] / elapsed
    log(
        f"  {name}: {done[0]} in {elapsed:.2f} s = {rate:.1f}/s; CPU per op: server "
        f"{server_cpu * per_op:.2f} ms, client {client_cpu * per_op:.2f} ms"
    )
    return rate


def page_action(path: str) -> Callable[[Client], None]:
    def get_page(client: Client) -> None:
        status, _, body = client.send("GET", path)
        expect(status, 200, "GET " + path, body)
        if TITLE.encode() not in body:
            raise RuntimeError("the module page does not show the module")

    return get_page


def load(args: argparse.Namespace, platform: Platform, env: dict[str, str],
         port: int, data_dir: Path, module_id: int) -> tuple[float, float]:  # fmt: skip
    env.update(CARTABLE_WORKERS=str(args.workers), CARTABLE_THREADS="4",
               CARTABLE_MAX_REQUESTS="0")  # fmt: skip
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "config/gunicorn.conf.py"),
               "lti_app:create_app()"]  # fmt: skip
    tool_url = env["CARTABLE_PUBLIC_URL"]

    def student(client: Client, index: int) -> None:
        one_launch(client, platform, tool_url, 4 + index % LEARNERS)

    def nobody(client: Client, index: int) -> None:
        """Pings as in the launch benchmark: no launch cookie."""

    get_page = page_action(f"/modules/{module_id}")
    pages, pings = [], []
    with running(command, env, port, data_dir / "gunicorn.log") as server:
        log(f"gunicorn up: {args.workers} workers x 4 threads; {args.threads} clients")
        log("warm-up")
        measure("pages", get_page, student, port, args.threads, args.warmup, server.pid)
        measure("pings", one_ping, nobody, port, args.threads, args.warmup, server.pid)
        for round_ in range(1, args.rounds + 1):
            log(f"round {round_}/{args.rounds}")
            pings.append(measure("pings", one_ping, nobody, port, args.threads,
                                 args.seconds, server.pid))  # fmt: skip
            pages.append(measure("pages", get_page, student, port, args.threads,
                                 args.seconds, server.pid))  # fmt: skip
    return statistics.median(pages), statistics.median(pings)


def profile(args: argparse.Namespace, platform: Platform, env: dict[str, str],
            port: int, data_dir: Path, module_id: int) -> None:  # fmt: skip
    """Sequential module page requests in one single-threaded profiled process."""
    output = Path(args.profile).resolve()
    command = [sys.executable, "-c", PROFILED_SERVER, str(port), str(output)]
    with running(command, env, port, data_dir / "server.log"):
        client = Client(port)
        one_launch(client, platform, env["CARTABLE_PUBLIC_URL"], 5)
        get_page = page_action(f"/modules/{module_id}")
        for _ in range(args.profile_pages):
            get_page(client)
        client.conn.close()
    log(f"{args.profile_pages} module pages profiled (and one launch): {output}")


# --- Main ---------------------------------------------------------------------


def prepare(
    env: dict[str, str], platform: Platform, runs: int
) -> tuple[int, float, float]:
    """A first student launch creates the course; fill it; time the renderings."""
    app = create_app({"SECRET_KEY": env["SECRET_KEY"], "CARTABLE_DEV_LMS": False,
                      "CARTABLE_DATA_DIR": env["CARTABLE_DATA_DIR"],
                      "CARTABLE_PUBLIC_URL": env["CARTABLE_PUBLIC_URL"]})  # fmt: skip
    client = app.test_client()
    answer = client.post(
        "/lti/login", data=platform.login_form(env["CARTABLE_PUBLIC_URL"], 4)
    )
    answer = client.get(answer.location)
    query = parse_qs(urlsplit(answer.location).query)
    token = platform.id_token(query["nonce"][0], 4, env["CARTABLE_PUBLIC_URL"])
    answer = client.post(
        "/lti/launch", data={"id_token": token, "state": query["state"][0]}
    )
    assert answer.status_code == 303, answer.text[:500]
    with app.app_context():
        module_id, _ = build_course(app)
    cold, warm = time_renders(app, module_id, runs)
    with app.app_context():
        db.engine.dispose()
    return module_id, cold, warm


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="median over rounds")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds per kind")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="Gunicorn workers")
    parser.add_argument("--warm-runs", type=int, default=51, help="cached renders")
    parser.add_argument("--profile", metavar="FILE", help="cProfile, to FILE")
    parser.add_argument("--profile-pages", type=int, default=1000)
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, _interrupt)
    data_dir = Path(tempfile.mkdtemp(prefix="cartable-bench-"))
    platform = Platform()
    port = free_port()
    env = app_environment(data_dir, port, None)
    try:
        log(f"data in {data_dir}; platform {platform.issuer}")
        register(env, platform)
        module_id, cold, warm = prepare(env, platform, args.warm_runs)
        if args.profile:
            profile(args, platform, env, port, data_dir, module_id)
            return 0
        pages, pings = load(args, platform, env, port, data_dir, module_id)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        platform.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps({
        "render_cold_ms": round(cold, 1), "render_warm_ms": round(warm, 2),
        "page_per_s": round(pages, 1), "trivial_per_s": round(pings, 1),
        "ratio": round(pages / pings, 3),
    }), flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
