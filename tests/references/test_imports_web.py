"""Paste and file imports through the pages: preview, merge choices, bad inputs."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from flask import Flask

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.references import queries
from lti_app.references.models import PendingImport
from tests.references.conftest import TINY_BIB, Browser, course_id_of, pending_id


def _upload(staff: Browser, data: bytes, name: str) -> object:
    return staff.post("/references/add/upload", {"file": (io.BytesIO(data), name)},
                      content_type="multipart/form-data")  # fmt: skip


def test_preview_then_confirm_with_a_replace_choice(app: Flask, staff: Browser) -> None:
    assert staff.get("/references/add").status_code == 200
    first = pending_id(_upload(staff, TINY_BIB, "cours.bib"))
    assert (
        staff.post(f"/references/imports/{first}", {"decision": "confirm"}).status_code
        == 303
    )
    changed = (
        TINY_BIB.replace(b"year = {1980}", b"year = {2010}")
        + b"""
@book{broken, title = {Sans fin
@misc{ok, title={Bien}}
"""
    )
    pid = pending_id(_upload(staff, changed, "cours.bib"))
    preview = staff.get(f"/references/imports/{pid}")
    assert preview.status_code == 200
    text = preview.text
    assert "déjà présente : l’existante est gardée" in text
    assert "ne sera pas importée" in text
    assert "sera ajoutée" in text
    assert "déjà dans le cours sous la clé lipsky1980 (même clé)" in text
    assert "aucune référence du cours n’a la même clé" in text
    assert "Ligne 8" in text
    assert "broken" in text
    confirmed = staff.post(
        f"/references/imports/{pid}", {"decision": "confirm", "choice-0": "replace"}
    )
    assert confirmed.status_code == 303
    with app.app_context():
        course = course_id_of(app)
        lipsky = queries.find_reference_by_key(course, "lipsky1980")
        assert lipsky is not None
        assert lipsky.year == 2010
        assert lipsky.revision == 2
        assert queries.find_reference_by_key(course, "ok") is not None
        assert queries.find_reference_by_key(course, "broken") is None
    assert staff.get(f"/references/imports/{pid}").status_code == 404  # consumed


def test_cancel_adds_nothing(app: Flask, staff: Browser) -> None:
    pid = pending_id(staff.post("/references/add/paste", {"text": TINY_BIB.decode()}))
    assert (
        staff.post(f"/references/imports/{pid}", {"decision": "cancel"}).status_code
        == 303
    )
    with app.app_context():
        assert queries.list_references(course_id_of(app)) == []


def test_an_expired_import_cannot_be_confirmed(app: Flask, staff: Browser) -> None:
    pid = pending_id(staff.post("/references/add/paste", {"text": TINY_BIB.decode()}))
    with app.app_context():
        pending = db.session.get(PendingImport, pid)
        assert pending is not None
        pending.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert staff.get(f"/references/imports/{pid}").status_code == 410
    refused = staff.post(f"/references/imports/{pid}", {"decision": "confirm"})
    assert refused.status_code == 410
    assert "expiré" in refused.text
    with app.app_context():
        assert queries.list_references(course_id_of(app)) == []


@pytest.mark.parametrize(
    ("data", "name", "status", "message"),
    [
        (b"", "vide.bib", 400, "vide"),
        (b"  \n\n", "vide.bib", 400, "vide"),
        (b"%PDF-1.7 binary", "article.pdf", 415, "Type de fichier non pris en charge"),
        (b"\x00\x01\x02 not text", "notes.docx", 415, "Type de fichier"),
        (b"@book{x, title = {oops", "cassé.bib", 400, "Aucune référence utilisable"),
        (b"[{not json", "items.json", 400, "illisible"),
        (b"\xff\xfe\x00\x00\x81\x82@book{a,title={b}}", "bad.bib", 400, "illisible"),
    ],
)
def test_unusable_files_get_a_clear_4xx(
    staff: Browser, data: bytes, name: str, status: int, message: str
) -> None:
    response = _upload(staff, data, name)
    assert response.status_code == status, response.text[:3000]
    assert message in response.text


def test_unbalanced_input_lists_problems_with_line_and_key(staff: Browser) -> None:
    response = staff.post(
        "/references/add/paste", {"text": "\n\n@book{cassé, title = {oops"}
    )
    assert response.status_code == 400
    assert "Ligne 3" in response.text
    assert "cassé" in response.text


def test_latin1_is_read_with_a_warning(app: Flask, staff: Browser) -> None:
    data = (
        "@book{é1, author={Éloi, A}, title={Été}, publisher={P}, year={2001}}".encode(
            "latin-1"
        )
    )
    pid = pending_id(_upload(staff, data, "latin.bib"))
    assert "UTF-8" in staff.get(f"/references/imports/{pid}").text


def test_oversized_file_is_refused_with_413(app: Flask, staff: Browser) -> None:
    app.config["CARTABLE_BIB_MAX_BYTES"] = 1024
    response = _upload(staff, TINY_BIB * 20, "gros.bib")
    assert response.status_code == 413
    assert "dépasse la taille autorisée (1 Kio)" in response.text


def test_ris_and_csljson_files_are_accepted(app: Flask, staff: Browser) -> None:
    ris = b"TY  - BOOK\nAU  - Lipsky, Michael\nTI  - Street-Level Bureaucracy\nPY  - 1980\nER  - \n"
    pid = pending_id(_upload(staff, ris, "x.ris"))
    assert "Street-Level Bureaucracy" in staff.get(f"/references/imports/{pid}").text
    csl = b'[{"id": "d1", "type": "book", "title": "Livre", "issued": {"date-parts": [[2001]]}}]'
    pid = pending_id(_upload(staff, csl, "x.json"))
    assert (
        staff.post(f"/references/imports/{pid}", {"decision": "confirm"}).status_code
        == 303
    )
    with app.app_context():
        assert queries.find_reference_by_key(course_id_of(app), "d1") is not None
