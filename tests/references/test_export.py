"""Exports: lossless BibTeX round trip, RIS and CSL-JSON with the right headers."""

from __future__ import annotations

import json

from flask import Flask

from bibliography import parse_bibtex
from bibliography.demo import demo_bibtex
from lti_app.references import queries
from tests.references.conftest import Browser, course_id_of, pending_id


def _import_demo(staff: Browser) -> None:
    pid = pending_id(
        staff.post("/references/add/paste", {"text": demo_bibtex().decode()})
    )
    assert (
        staff.post(f"/references/imports/{pid}", {"decision": "confirm"}).status_code
        == 303
    )


def test_bibtex_export_gives_back_the_entries_as_written(
    app: Flask, staff: Browser
) -> None:
    _import_demo(staff)
    response = staff.get("/references/export?format=bibtex")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=cours-2.bib"
    blocks = [b.text for b in parse_bibtex(demo_bibtex()).blocks if b.entry is not None]
    assert response.data == "\n".join(b.rstrip("\n") + "\n" for b in blocks).encode()
    assert (
        parse_bibtex(response.data).references == parse_bibtex(demo_bibtex()).references
    )


def test_ris_and_csljson_exports(app: Flask, staff: Browser) -> None:
    _import_demo(staff)
    ris = staff.get("/references/export?format=ris")
    assert ris.headers["Content-Type"].startswith("application/x-research-info-systems")
    assert ris.headers["Content-Disposition"].endswith(".ris")
    assert ris.text.count("ER  -") == 10
    csl = staff.get("/references/export?format=csljson")
    assert csl.headers["Content-Type"].startswith(
        "application/vnd.citationstyles.csl+json"
    )
    assert {item["id"] for item in json.loads(csl.text)} >= {"lipsky1980", "serre2009"}
    assert staff.get("/references/export?format=docx").status_code == 400


def test_section_export(app: Flask, staff: Browser) -> None:
    _import_demo(staff)
    staff.post("/references/sections", {"title": "Séance 1"})
    with app.app_context():
        course = course_id_of(app)
        section = queries.list_sections(course)[0].id
        ref = queries.find_reference_by_key(course, "serre2009")
        assert ref is not None
        ref_id = ref.id
    staff.post(
        f"/references/sections/{section}/items",
        {"add-reference_id": str(ref_id), "add-importance": "essential"},
    )
    response = staff.get(f"/references/export?format=bibtex&section={section}")
    assert response.text.startswith("@book{serre2009,")
    assert response.text.count("@") == 1
    assert "seance-1" in response.headers["Content-Disposition"]
