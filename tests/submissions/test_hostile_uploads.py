"""Hostile files sent to the real drop-off by a launched student, and in a bulk
feedback archive by staff: each one refused with a 4xx page naming the budget it
reached, in bounded time and memory, and nothing stored.

Before the budgets, the issue's ODP element bomb (122 KB, 60 MiB of
``<draw:page/>``) was accepted as 5,242,880 slides after 14 to 25 seconds.
"""

# The fixtures imported from grading_support are parameters of the same name.
# ruff: noqa: F811

from __future__ import annotations

import functools
import io
import random
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from lti_app import budgets
from tests.submissions import files, hostile
from tests.submissions.conftest import (
    Browser,
    MakeAssignment,
    upload,
    upload_request,
)
from tests.submissions.grading_support import (  # noqa: F401 - fixtures
    Course,
    NewAssignment,
    course,
    fetch,
    new_assignment,
)
from tests.support.resources import measured

MIB = 1024 * 1024
SECONDS = 3.0  # generous: each refusal costs well under a second on one core
RSS_MB = 100.0
ISSUE_PAGES = 5_242_880  # the issue's bomb: 60 MiB of <draw:page/>
cached = functools.cache

ATTACKS: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "odp-element-bomb": ("bombe.odp", cached(lambda: hostile.odp_bomb(ISSUE_PAGES)),
                         "plus de 5 000 diapositives"),
    "odp-element-bomb-x16": ("bombe.odp", cached(lambda: hostile.odp_bomb(16 * ISSUE_PAGES)),
                             "plus de 5 000 diapositives"),
    "odp-many-elements": ("elements.odp", cached(lambda: hostile.varied_elements(600_000)),
                          "plus de 500 000 éléments"),
    "odp-deep-xml": ("profond.odp", cached(lambda: hostile.odp_bomb(100_000, b"<text:span>")),
                     "plus de 128 niveaux"),
    "zip-ratio-bomb": ("ratio.odp", cached(lambda: hostile.ratio_bomb(1024 * MIB)),
                       "se décompresse plus de 100 fois"),
    "zip-ratio-bomb-4g": ("ratio.odp", cached(lambda: hostile.ratio_bomb(4000 * MIB)),
                          "se décompresse plus de 100 fois"),
    "zip-member-bomb": ("gros.pptx", cached(lambda: hostile.huge_member(40 * MIB)),
                        "une partie décompressée dépasse 32 Mo"),
    "zip-many-entries": ("entrees.pptx", cached(lambda: hostile.many_entries(10_001)),
                         "plus de 10 000 fichiers internes"),
    "zip-lying-directory": ("entrees.pptx",
                            cached(lambda: hostile.many_entries(4_300, 1, 1000)),
                            "plus de 10 000 fichiers internes"),
    "pptx-huge-presentation": ("diapo.pptx", cached(lambda: hostile.pptx_bomb(3_000_000)),
                               "plus de 5 000 diapositives"),
    "pptx-huge-presentation-elements": ("diapo.pptx",
                                        cached(lambda: hostile.pptx_bomb(3_000_000, b"<p:x/>")),
                                        "se décompresse plus de 100 fois"),
    "pdf-deep-tree": ("profond.pdf", cached(lambda: hostile.deep_pdf(10_000)),
                      "dépasse 64 niveaux"),
    "pdf-deeper-tree": ("profond.pdf", cached(lambda: hostile.deep_pdf(90_000)),
                        "dépasse 64 niveaux"),
    "pdf-cyclic-tree": ("boucle.pdf", hostile.cyclic_pdf,
                        "revient sur lui-même"),
    "pdf-wide-tree": ("large.pdf", cached(lambda: hostile.wide_pdf(20_000)),
                      "dépasse 10 000 nœuds"),
    "pdf-huge-tree": ("enorme.pdf", cached(lambda: hostile.wide_pdf(150_000)),
                      "plus de 100 000 objets"),
    "pdf-declared-size": ("annonce.pdf", cached(lambda: hostile.pdf_of(
        [hostile.CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"], size=10**7)),
        "plus de 100 000 objets"),
}  # fmt: skip


def plain(text: str) -> str:
    """The page's text with every kind of space as one space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def _stored(app: Flask) -> list[Path]:
    root = Path(app.config["CARTABLE_DATA_DIR"]) / "files"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def any_kind(make_assignment: MakeAssignment) -> int:
    """An assignment taking every kind, up to 64 MiB a file."""
    return make_assignment(accepted_kinds=["pdf", "pptx", "odp"], max_bytes=64 * MIB)


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_hostile_upload_is_refused_naming_the_budget(
    app: Flask, student: Browser, any_kind: int, attack: str
) -> None:
    name, build, phrase = ATTACKS[attack]
    payload = build()
    with measured() as cost:
        response = upload(student, any_kind, (name, payload))
    assert response.status_code == 422, response.text[:3000]
    text = plain(response.text)
    assert phrase in text, text[:3000]
    assert "limite de sécurité" in text
    assert cost.seconds < SECONDS, cost
    assert cost.rss_growth_mb < RSS_MB, cost
    assert _stored(app) == []


def test_the_page_script_gets_the_limit_as_json(
    student: Browser, any_kind: int
) -> None:
    name, build, phrase = ATTACKS["odp-element-bomb"]
    sent = upload(student, any_kind, (name, build()), script=True)
    assert sent.status_code == 422
    assert sent.json["error"] == "upload-limit"
    assert phrase in plain(sent.json["message"])


@pytest.mark.parametrize(
    ("code", "limit", "english"),
    [
        ("slides", 5000, "more than 5,000 slides"),
        ("zip-ratio", 100, "decompresses to more than 100 times its size"),
        ("pdf-tree-loop", 1, "page tree loops back on itself"),
        ("cpu-time", 2.0, "more than 2 seconds of computing"),
    ],
)
def test_the_refusal_is_translated(app: Flask, code: str, limit: float,
                                   english: str) -> None:  # fmt: skip
    from flask_babel import force_locale

    from lti_app.submissions.errors import UploadLimitError

    with app.test_request_context(), force_locale("en"):
        text = UploadLimitError("bombe.odp", code, limit).text()
    assert english in plain(text)
    assert "safety limit" in text


def test_eight_element_bombs_at_once_stay_bounded(
    student: Browser, any_kind: int
) -> None:
    """The issue's 8 simultaneous bombs: 3 GB then; now each is refused in little
    memory, or answered 429 at once past the person's uploads in flight."""
    request = upload_request(student, any_kind, ("bombe.odp", hostile.odp_bomb()))
    with measured() as cost, ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(
            lambda _n: student.client.post(**request).status_code, range(8)
        ))  # fmt: skip
    assert set(statuses) <= {422, 429}, statuses
    assert 422 in statuses
    assert cost.seconds < 2 * SECONDS, cost
    assert cost.rss_growth_mb < RSS_MB, cost


def test_honest_files_near_the_budgets_are_accepted(
    student: Browser, make_assignment: MakeAssignment
) -> None:
    """A 1,000-slide deck and a 2,000-page PDF are counted, not refused."""
    aid = make_assignment(accepted_kinds=["pdf", "pptx", "odp"], max_bytes=64 * MIB,
                          max_files=3)  # fmt: skip
    sent = upload(student, aid, ("grand.odp", files.odp(1000)),
                  ("grand.pptx", files.pptx(1000)), ("livre.pdf", files.pdf(2000)))  # fmt: skip
    assert sent.status_code == 303, plain(sent.text)[:3000]


def _bulk(course: Course, aid: int, archive: bytes) -> tuple[int, str]:
    fields = MultiDict({"csrf_token": course.staff.csrf()})
    fields.add("archive", FileStorage(io.BytesIO(archive), "retours.zip", "archive",
                                      "application/zip"))  # fmt: skip
    # Encoded here: the test client would spool a large body to an unclosed file.
    boundary, body = encode_multipart(fields)
    response = course.staff.client.post(
        f"/submissions/{aid}/grading/feedback-archive?ltik={course.staff.ltik}",
        data=body, content_type=f"multipart/form-data; boundary={boundary}",
    )  # fmt: skip
    return response.status_code, plain(response.text)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_bomb_inside_a_feedback_archive_is_reported_and_skipped(
    course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id, max_bytes=64 * MIB)
    bomb = hostile.repeated_deflate(b"%PDF-1.7\n", b"\0" * 1024, 1024 * 1024, b"")
    archive = hostile.raw_zip([
        hostile.deflated("Moreau_Inès_4/retour.pdf", bomb, 1024**3),
        hostile.stored("Bernard_Lucas_5/retour.pdf", files.pdf()),
    ])  # fmt: skip
    with measured() as cost:
        status, text = _bulk(course, aid, archive)
    assert status == 200, text[:3000]
    assert "Moreau_Inès_4/retour.pdf" in text
    assert "se décompresse plus de 100 fois" in text
    assert "1 fichier de retour associé" in text
    assert cost.seconds < SECONDS, cost
    assert cost.rss_growth_mb < RSS_MB, cost


def test_a_feedback_archive_past_its_total_stops_the_import(
    app: Flask, course: Course, new_assignment: NewAssignment,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(budgets, "FEEDBACK_ARCHIVE_MAX_BYTES", 2 * MIB)
    aid = new_assignment(course.id, max_bytes=64 * MIB)
    noise = random.Random(4).randbytes  # noqa: S311 - test data, not a secret
    entries = {f"{folder}/retour.pdf": b"%PDF-1.7\n" + noise(MIB)
               for folder in ("Moreau_Inès_4", "Bernard_Lucas_5", "Lefèvre_Chloé_6")}  # fmt: skip
    status, text = _bulk(course, aid, _zip(entries))
    assert status == 422, text[:3000]
    assert "le contenu décompressé dépasse 2 Mo" in text
    mid = course.membership_id("4")
    assert fetch(course.staff, f"/submissions/{aid}/grading/{mid}/feedback-file"
                 ).status_code == 404  # fmt: skip
    assert _stored(app) == []


def test_a_feedback_archive_of_too_many_entries_is_refused(
    course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id)
    archive = hostile.raw_zip(
        [hostile.stored(f"x_{n}/r.pdf", b"") for n in range(1001)]
    )
    status, text = _bulk(course, aid, archive)
    assert status == 422, text[:3000]
    assert "plus de 1 000 fichiers internes" in text
