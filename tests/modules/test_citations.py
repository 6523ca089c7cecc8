"""Citations link to the module's "Références"; unknown keys warn staff only."""

from __future__ import annotations

import pytest
from flask import Flask

from lti_app.modules import render_cache
from tests.modules.conftest import Browser, MakeModule

BODY = "# Partenariat\n\nLa doxa [@morel2020, p. 20] et @lipsky1980, puis [@inconnu2024].\n"


@pytest.mark.usefixtures("with_bibliography")
def test_citations_and_references_section(
    staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Coordination", BODY)
    page = student.get(f"/modules/{mid}").text
    assert (
        '<a href="#ref-morel2020" rel="noopener noreferrer">(Morel, 2020, p. 20)'
        in page
    )
    assert 'href="#ref-lipsky1980"' in page
    assert '<h2 id="references-title">Références</h2>' in page
    assert '<li id="ref-morel2020">' in page
    assert '<li id="ref-lipsky1980">' in page
    # Only what the module cites is listed.
    assert 'id="ref-serre2009"' not in page


@pytest.mark.usefixtures("with_bibliography")
def test_unknown_key_warns_staff_and_stays_quiet_for_students(
    staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Coordination", BODY)
    staff_page = staff.get(f"/modules/{mid}").text
    assert "Citations sans référence" in staff_page
    assert "@inconnu2024" in staff_page
    student_page = student.get(f"/modules/{mid}").text
    assert "inconnu2024" not in student_page
    assert "Citations sans référence" not in student_page


def test_without_bibliography_every_citation_is_unknown(
    staff: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Sans biblio", "Voir [@lipsky1980].")
    page = staff.get(f"/modules/{mid}").text
    assert "@lipsky1980" in page
    assert "references-title" not in page


@pytest.mark.usefixtures("with_bibliography")
def test_reading_twice_renders_once(
    staff: Browser, student: Browser, make_module: MakeModule,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    mid = make_module("Cache", BODY)
    first = student.get(f"/modules/{mid}").text
    calls: list[str] = []
    real = render_cache.preview

    def counting(*args: object) -> object:
        calls.append("render")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(render_cache, "preview", counting)
    assert student.get(f"/modules/{mid}").text.count("ref-morel2020") == first.count(
        "ref-morel2020"
    )
    assert calls == []
    # A new revision is rendered again.
    edit = staff.get(f"/modules/{mid}/edit").text
    assert 'name="base_revision" type="hidden" value="1"' in edit
    staff.post(f"/modules/{mid}/edit", {"title": "Cache", "body": BODY + "\nSuite.",
                                         "base_revision": "1", "save": "1"})  # fmt: skip
    assert "Suite." in student.get(f"/modules/{mid}").text
    assert calls == ["render"]


def test_style_change_renders_again(
    app: Flask, staff: Browser, with_bibliography: int, make_module: MakeModule
) -> None:
    mid = make_module("Style", "Voir [@lipsky1980].")
    assert "(Lipsky, 1980)" in staff.get(f"/modules/{mid}").text
    from lti_app.references import service as references_service

    with app.app_context():
        references_service.set_style(with_bibliography, None, "chicago-author-date-fr")
    assert "(Lipsky 1980)" in staff.get(f"/modules/{mid}").text


def test_preview_shows_citations_without_saving(
    staff: Browser, with_bibliography: int
) -> None:
    response = staff.post(
        "/modules/new", {"title": "Brouillon", "body": BODY, "preview": "1"}
    )
    assert response.status_code == 200
    assert "Aperçu (non enregistré)" in response.text
    assert 'href="#ref-morel2020"' in response.text
    assert "/modules/1" not in staff.get("/modules/").text
