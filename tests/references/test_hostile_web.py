"""Issue 16, rows 1, 4 and 5 through the pages: a student's suggestion, an
instructor's paste and upload. Each hostile payload is a 4xx naming the limit or
a reported problem, in bounded time and memory; never a 500."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from bibliography.budgets import MAX_LINES
from lti_app.extensions import db
from lti_app.references import queries
from lti_app.references.import_reading import MAX_ENTRIES
from lti_app.references.models import Suggestion
from tests.bibliography.hostile import bounded, laughs
from tests.references.conftest import Browser, course_id_of, pending_id

HREF = r"@misc{k, title = {Voir \href{http://a.example/~x}{le site}}, year = 2020}"


def _suggest(student: Browser, bibtex: str) -> TestResponse:
    return student.post(
        "/references/suggestions", {"kind": "reference", "bibtex": bibtex}
    )


def _upload(staff: Browser, data: bytes, name: str) -> TestResponse:
    """The multipart body built here: Werkzeug's test client spools a large one to
    a temporary file that it never closes (a ResourceWarning, not the app's)."""
    boundary = "cartable-hostile-upload"
    fields = {"ltik": staff.ltik, "csrf_token": staff.csrf()}
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
        f"{value}\r\n".encode()
        for key, value in fields.items()
    )
    body += (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return staff.client.post("/references/add/upload", data=body,
                             content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip


def _suggestions(app: Flask) -> list[Suggestion]:
    with app.app_context():
        return list(db.session.scalars(select(Suggestion)).all())


@pytest.mark.parametrize("levels", [29, 40])
def test_a_students_billion_laughs_is_a_form_error(
    app: Flask, student: Browser, levels: int
) -> None:
    response = bounded(lambda: _suggest(student, laughs(levels)))
    assert response.status_code == 422, response.text[:2000]
    assert "trop longue une fois développée" in response.text
    assert _suggestions(app) == []


def test_a_students_href_is_read_and_accepted(
    app: Flask, student: Browser, staff: Browser
) -> None:
    sent = _suggest(student, HREF)
    assert sent.status_code == 303, sent.text[:2000]
    (row,) = _suggestions(app)
    assert staff.get(f"/references/inbox/{row.id}").status_code == 200
    choice = {"accept-section_id": "0", "accept-importance": "recommended"}
    accepted = staff.post(f"/references/inbox/{row.id}/accept", choice)
    assert accepted.status_code == 303, accepted.text[:2000]
    with app.app_context():
        (reference,) = queries.list_references(course_id_of(app))
        assert reference.title == "Voir le site (http://a.example/~x)"


def test_an_instructors_paste_of_the_billion_laughs_lists_the_problems(
    staff: Browser,
) -> None:
    response = bounded(
        lambda: staff.post("/references/add/paste", {"text": laughs(40)})
    )
    assert response.status_code == 400, response.text[:2000]
    assert "Ligne 41" in response.text
    assert "trop longue une fois développée" in response.text


def test_an_instructors_paste_with_href_reaches_the_preview(staff: Browser) -> None:
    pid = pending_id(staff.post("/references/add/paste", {"text": HREF}))
    assert (
        "Voir le site (http://a.example/~x)"
        in staff.get(f"/references/imports/{pid}").text
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (laughs(40).encode(), "rires.bib", "trop longue une fois développée"),
        (b"[" * 100_000, "profond.json", "JSON trop imbriqué ligne 1"),
        (b'[{"id": "a", "issued": {"date-parts": [[' + b"9" * 5000 + b"]]}}]",
         "annee.json", "Nombre trop long ligne 1"),
        (b"TY  - JOUR\n" + b"\n" * MAX_LINES, "lignes.ris", "Trop de lignes"),
    ],
)  # fmt: skip
def test_hostile_uploads_get_a_400_naming_the_limit(
    staff: Browser, data: bytes, name: str, message: str
) -> None:
    response = bounded(lambda: _upload(staff, data, name))
    assert response.status_code == 400, response.text[:2000]
    assert message in response.text.replace("\u00a0", " ")


def test_csljson_of_wrong_types_is_previewed_with_its_problems(staff: Browser) -> None:
    data = b'[{"id": "a", "title": "Livre", "issued": {"date-parts": [["a", {}]]}}]'
    pid = pending_id(bounded(lambda: _upload(staff, data, "types.json")))
    page = staff.get(f"/references/imports/{pid}").text.replace("\u00a0", " ")
    assert "Champ « issued » de « a » ignoré" in page


@pytest.mark.parametrize(
    ("unit", "name"),
    [
        (b"TY  - BOOK\r\nTI  - t\r\nER  - \r\n", "flood.ris"),
        (b"@misc{k,}\n", "flood.bib"),
        (b'{"id": "k", "type": "book"},', "flood.json"),
    ],
)
def test_more_entries_than_one_import_takes_are_refused_before_reading(
    staff: Browser, unit: bytes, name: str
) -> None:
    data = unit * (MAX_ENTRIES + 1)
    if name.endswith(".json"):
        data = b"[" + data.rstrip(b",") + b"]"
    response = bounded(lambda: _upload(staff, data, name))
    assert response.status_code == 413, response.text[:2000]
    assert "plus de 12 500 références" in response.text.replace("\u202f", " ").replace(
        "\u00a0", " "
    )
    if name.endswith(".ris"):  # at the limit, a flood is still read: in its budget
        at_limit = unit * MAX_ENTRIES
        assert bounded(lambda: _upload(staff, at_limit, name)).status_code == 303
