"""Bibliography at scale: parse and import 10,000 entries, show a 2,000-entry list.

Run from the checkout root: ``.venv/bin/python benchmarks/reading_list.py``.
Progress goes to stderr; the last line of stdout is one JSON object:
``{"parse_10k_s": ..., "import_10k_s": ..., "reading_list_2k_cold_s": ...,
"reading_list_2k_warm_ms": ..., "peak_mb": ...}``. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bib_corpus import generate_bibtex  # noqa: E402
from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from launch import CLIENT_ID, DEPLOYMENT_ID, Platform  # noqa: E402

from bibliography import parse_bibtex  # noqa: E402
from lti_app import create_app  # noqa: E402
from lti_app.course.models import Course, User  # noqa: E402
from lti_app.extensions import db  # noqa: E402
from lti_app.lti import registry  # noqa: E402
from lti_app.lti.models import Deployment  # noqa: E402
from lti_app.lti.models import Platform as PlatformRow  # noqa: E402
from lti_app.references import imports, queries, service  # noqa: E402
from lti_app.references.models import ReadingListItem  # noqa: E402

TOOL = "http://localhost"
MAX_BYTES = 64 * 1024 * 1024
IMPORTANCES = ("essential", "recommended", "further")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(function: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def make_app(data_dir: Path) -> Flask:
    """A production-like app on a fresh, migrated SQLite database."""
    app = create_app({
        "SECRET_KEY": "benchmark-secret-key-0123456789abcdef0123456789",
        "CARTABLE_DATA_DIR": str(data_dir), "CARTABLE_DEV_LMS": False,
        "CARTABLE_PUBLIC_URL": TOOL,
    })  # fmt: skip
    with app.app_context():
        upgrade()
    return app


def fresh_course(title: str) -> tuple[int, int]:
    """A course of its own (its own platform row) and a staff user; their ids."""
    platform = PlatformRow(
        issuer=f"https://bench-{title}.example.test", client_id="c",
        auth_login_url="https://x.test/a", auth_token_url="https://x.test/t",
        keyset_url="https://x.test/k",
    )  # fmt: skip
    platform.deployments.append(Deployment(deployment_id="1"))
    db.session.add(platform)
    db.session.flush()
    course = Course(platform_id=platform.id, deployment_pk=platform.deployments[0].id,
                    context_id=title, title=title)  # fmt: skip
    user = User(issuer=platform.issuer, sub="1", name="Prof")
    db.session.add_all([course, user])
    db.session.commit()
    return course.id, user.id


def web_import(course_id: int, user_id: int, data: bytes) -> imports.Summary:
    """What the pages do: read, analyse into a pending import, confirm it."""
    parsed = imports.read_input(data, "corpus.bib", MAX_BYTES, upload=True)
    pending = imports.analyse(course_id, user_id, "corpus.bib", parsed)
    return imports.confirm(pending, user_id, {})


def launch(client: FlaskClient, platform: Platform) -> str:
    """A student's whole LTI launch through the test client; the launch token."""
    answer = client.post("/lti/login", data=platform.login_form(TOOL, 4))
    answer = client.get(answer.location)
    query = parse_qs(urlsplit(answer.location).query)
    token = platform.id_token(query["nonce"][0], 4, TOOL)
    answer = client.post("/lti/launch", data={"id_token": token,
                                              "state": query["state"][0]})  # fmt: skip
    assert answer.status_code == 303, answer.text[:500]
    return parse_qs(urlsplit(answer.location).query)["ltik"][0]


def register(app: Flask, platform: Platform) -> None:
    with app.app_context():
        registry.add_platform(registry.RegistrationInput(
            issuer=platform.issuer, client_id=CLIENT_ID,
            auth_login_url=platform.issuer + "/mod/lti/auth.php",
            auth_token_url=platform.issuer + "/mod/lti/token.php",
            keyset_url=platform.issuer + "/mod/lti/certs.php",
            deployment_ids=(DEPLOYMENT_ID,),
        ))  # fmt: skip


def fill_reading_list(course_id: int, entries: int, per_section: int) -> None:
    """Import ``entries`` valid references and place them all in sections."""
    data = generate_bibtex(int(entries * 1.2) + 50, seed=7)
    parsed = imports.read_input(data, "list.bib", MAX_BYTES, upload=True)
    imports.import_now(course_id, None, parsed)
    rows = queries.list_references(course_id, by_key=False)[:entries]
    assert len(rows) == entries, len(rows)
    for start in range(0, entries, per_section):
        number = start // per_section + 1
        section = service.create_section(course_id, f"Séance {number}",
                                         "Lectures de la séance.")  # fmt: skip
        db.session.add_all(
            ReadingListItem(course_id=course_id, section_id=section.id,
                            reference_id=row.id, position=index,
                            importance=IMPORTANCES[index % 3],
                            note="À lire avant la séance." if index % 4 else "")
            for index, row in enumerate(rows[start : start + per_section])
        )  # fmt: skip
        db.session.commit()


def measure_page(client: FlaskClient, url: str, warm_runs: int) -> tuple[float, float]:
    cold, answer = timed(client.get, url)
    assert answer.status_code == 200, answer.text[:500]
    warm = []
    for _ in range(warm_runs):
        seconds, answer = timed(client.get, url)
        assert answer.status_code == 200
        warm.append(seconds)
    return cold, statistics.median(warm) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--list", type=int, default=2_000, dest="listed")
    parser.add_argument("--warm-runs", type=int, default=9)
    args = parser.parse_args()
    data = generate_bibtex(args.entries, seed=0)
    log(f"corpus: {args.entries} entries, {len(data) / 1e6:.1f} MB")
    parse_s, document = timed(parse_bibtex, data)
    log(f"parse: {parse_s:.2f} s, {len(document.references)} references, "
        f"{len(document.problems)} problems")  # fmt: skip
    # The parsed 10,000 entries would stay alive and slow every later garbage
    # collection: a web worker never holds them.
    del document
    with tempfile.TemporaryDirectory(prefix="cartable-bench-") as tmp:
        app = make_app(Path(tmp))
        with app.app_context():
            course_id, user_id = fresh_course("import")
            import_s, summary = timed(web_import, course_id, user_id, data)
            log(f"import: {import_s:.2f} s, {summary}")
            db.session.remove()
        gc.collect()
        platform = Platform()
        try:
            register(app, platform)
            client = app.test_client()
            ltik = launch(client, platform)
            with app.app_context():
                course = db.session.scalars(
                    db.select(Course).where(Course.context_id == "2")
                ).one()
                start = time.perf_counter()
                fill_reading_list(course.id, args.listed, 100)
                log(f"set-up: {args.listed} placed in "
                    f"{time.perf_counter() - start:.1f} s")  # fmt: skip
            url = f"/references/reading?ltik={ltik}"
            cold_s, warm_ms = measure_page(client, url, args.warm_runs)
            log(f"reading list: cold {cold_s:.2f} s, warm {warm_ms:.0f} ms (median)")
        finally:
            platform.close()
        with app.app_context():
            db.engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "parse_10k_s": round(parse_s, 2), "import_10k_s": round(import_s, 2),
        "reading_list_2k_cold_s": round(cold_s, 2),
        "reading_list_2k_warm_ms": round(warm_ms, 1), "peak_mb": round(peak_mb, 1),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
