"""Reading list sections per module: the link, the module's readings, the way back."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import delete, select
from werkzeug.test import TestResponse

from lti_app.extensions import db
from lti_app.modules.models import Module
from lti_app.references.models import ReadingListSection
from tests.modules.conftest import Browser, MakeModule, Person, course_id_of
from tests.support.platform import INSTRUCTOR_ROLES

NOTE = "À lire avant la première séance"


def _section(app: Flask) -> int:
    """The demo reading list's first section (Morel's book first)."""
    with app.app_context():
        found = db.session.scalars(
            select(ReadingListSection.id)
            .where(ReadingListSection.course_id == course_id_of(app))
            .order_by(ReadingListSection.position)
        ).first()
        assert found is not None
        return found


def _linked(app: Flask, section_id: int) -> int | None:
    with app.app_context():
        section = db.session.get(ReadingListSection, section_id)
        assert section is not None
        return section.module_id


def _link(
    staff: Browser, section_id: int, module_id: int, title: str = "Séance"
) -> TestResponse:
    """Rename the section and link it to ``module_id`` (0: to none)."""
    return staff.post(
        f"/references/sections/{section_id}",
        {"title": title, "description": "", "module_id": str(module_id)},
    )


@pytest.mark.usefixtures("with_bibliography")
def test_link_show_and_unlink(
    app: Flask, staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Coordination")
    sid = _section(app)
    form = staff.get(f"/references/sections/{sid}").text
    assert '<option selected value="0">Aucun module (thème)</option>' in form
    assert f'<option value="{mid}">Coordination</option>' in form
    assert "Lectures du module" not in student.get(f"/modules/{mid}").text

    assert _link(staff, sid, mid).status_code == 303
    assert _linked(app, sid) == mid
    assert (
        f'<option selected value="{mid}">'
        in staff.get(f"/references/sections/{sid}").text
    )
    page = student.get(f"/modules/{mid}").text
    assert '<h2 id="readings-title">Lectures du module</h2>' in page
    readings = page.split('id="readings-title"')[1]
    assert NOTE in readings
    # The citation comes through the references' one sanitised macro.
    assert '<div class="csl-entry">' in readings
    assert "Morel" in readings
    assert f'href="/references/reading/sections/{sid}?' in readings
    assert 'href="/references/reading?' in readings
    listing = student.get("/references/reading").text
    assert f'<a href="/modules/{mid}?' in listing
    assert "Module : Coordination" in listing

    assert _link(staff, sid, 0).status_code == 303
    assert _linked(app, sid) is None
    assert "Lectures du module" not in student.get(f"/modules/{mid}").text
    assert "Module : Coordination" not in student.get("/references/reading").text


def test_create_a_section_for_a_module(
    app: Flask, staff: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Séance 1")
    assert "Aucun module (thème)" in staff.get("/references/sections").text
    response = staff.post(
        "/references/sections", {"title": "Pour la séance", "module_id": str(mid)}
    )
    assert response.status_code == 303
    with app.app_context():
        section = db.session.scalars(select(ReadingListSection)).one()
        assert section.module_id == mid
    staff.post("/references/sections", {"title": "Un thème"})
    with app.app_context():
        rows = db.session.scalars(
            select(ReadingListSection).where(ReadingListSection.title == "Un thème")
        )
        assert rows.one().module_id is None


@pytest.mark.usefixtures("with_bibliography")
def test_another_courses_module_is_refused(
    app: Flask, staff: Browser, person: Person
) -> None:
    other = person("7", INSTRUCTOR_ROLES, context_id="5")
    response = other.post("/modules/new", {"title": "Ailleurs", "body": "Texte."})
    assert response.status_code == 303
    foreign = int(response.location.split("/modules/")[1].split("?")[0].split("/")[0])
    sid = _section(app)
    assert _link(staff, sid, foreign).status_code == 422
    assert _linked(app, sid) is None
    created = staff.post(
        "/references/sections", {"title": "X", "module_id": str(foreign)}
    )
    assert created.status_code == 422
    assert _link(staff, sid, 999_999).status_code == 422


@pytest.mark.usefixtures("with_bibliography")
def test_students_see_only_modules_they_may_open(
    app: Flask, staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    draft = make_module("Brouillon", publish=False)
    sid = _section(app)
    assert _link(staff, sid, draft).status_code == 303
    assert f'href="/modules/{draft}?' not in student.get("/references/reading").text
    assert student.get(f"/modules/{draft}").status_code == 404
    # Staff preview the module with its readings.
    assert NOTE in staff.get(f"/modules/{draft}").text


@pytest.mark.usefixtures("with_bibliography")
def test_a_module_in_the_bin_keeps_the_link_and_hides_it(
    app: Flask, staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Corbeille")
    sid = _section(app)
    _link(staff, sid, mid)
    assert staff.post(f"/modules/{mid}/delete", {}).status_code == 303
    assert f'href="/modules/{mid}?' not in student.get("/references/reading").text
    form = staff.get(f"/references/sections/{sid}").text
    assert f'<option selected value="{mid}">Module à la corbeille</option>' in form
    # Renaming the section does not unlink it.
    assert _link(staff, sid, mid, "Renommée").status_code == 303
    assert _linked(app, sid) == mid


@pytest.mark.usefixtures("with_bibliography")
def test_deleting_a_module_unlinks_its_sections(
    app: Flask, staff: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Éphémère")
    sid = _section(app)
    _link(staff, sid, mid)
    with app.app_context():
        db.session.execute(delete(Module).where(Module.id == mid))
        db.session.commit()
    assert _linked(app, sid) is None
    assert staff.get("/references/reading").status_code == 200


@pytest.mark.usefixtures("with_bibliography")
def test_titles_are_escaped(
    app: Flask, staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    mid = make_module("<img src=x onerror=alert(1)>")
    sid = _section(app)
    assert _link(staff, sid, mid, "<script>alert(1)</script>").status_code == 303
    page = student.get(f"/modules/{mid}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    listing = student.get("/references/reading").text
    assert "<img src=x" not in listing
    assert "Module : &lt;img src=x onerror=alert(1)&gt;" in listing
    assert "<img src=x" not in staff.get(f"/references/sections/{sid}").text
