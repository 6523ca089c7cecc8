"""Asking about a module, a reference or the assignment, from where students read."""

from __future__ import annotations

import html
import re

from flask import Flask

from lti_app import subjects
from tests.modules.conftest import module_id
from tests.questions.conftest import Browser, ask_as
from tests.references.test_reading import BIB, import_bib, place, ref_id


def _ask_link(page: str) -> str:
    found = re.search(r'<a href="(/questions/new\?[^"]+)"', page)
    assert found, "no ask link on the page"
    return html.unescape(found.group(1))


def test_the_module_page_offers_to_ask_about_it(
    student: Browser, staff: Browser
) -> None:
    mid = module_id(
        staff.post("/modules/new", {"title": "Chef de file", "body": "Texte"})
    )
    staff.post(f"/modules/{mid}/status", {"status": "published"})
    page = student.get(f"/modules/{mid}").text
    assert "Poser une question sur ce module" in page
    link = _ask_link(page)
    assert f"about=module:{mid}" in link
    form = student.client.get(link).text
    assert f'<option selected value="module:{mid}">Chef de file</option>' in form
    qid = ask_as(student, "Sur le module", about=f"module:{mid}")
    thread = staff.get(f"/questions/{qid}").text
    assert "À propos de : Chef de file" in thread
    assert staff.get(f"/questions/inbox?module={mid}").text.count("Sur le module") == 1
    assert "Sur le module" not in staff.get(f"/questions/inbox?module={mid + 1}").text


def test_a_draft_module_cannot_be_chosen_by_a_student(
    student: Browser, staff: Browser
) -> None:
    mid = module_id(staff.post("/modules/new", {"title": "Brouillon", "body": "Texte"}))
    assert "Brouillon" not in student.get(f"/questions/new?about=module:{mid}").text
    response = student.post("/questions/new", {"title": "T", "body": "B", "category": "cours",
                                               "visibility": "private",
                                               "about": f"module:{mid}"})  # fmt: skip
    assert response.status_code == 422


def test_reading_list_entries_offer_to_ask(
    app: Flask, student: Browser, staff: Browser
) -> None:
    import_bib(staff, BIB)
    place(app, "Séance 1", ("lipsky1980", "essential", ""))
    page = student.get("/references/reading").text
    assert "Poser une question sur cette référence" in page
    reference = ref_id(app, "lipsky1980")
    assert f"about=reference:{reference}" in _ask_link(page)
    qid = ask_as(student, "Sur Lipsky", about=f"reference:{reference}")
    assert (
        "À propos de : Lipsky (1980), Street-Level Bureaucracy"
        in staff.get(f"/questions/{qid}").text
    )
    hidden = ref_id(app, "hidden2020")  # not on the reading list: not offered
    assert f"reference:{hidden}" not in student.get("/questions/new").text


def test_staff_pages_show_no_ask_link(staff: Browser) -> None:
    mid = module_id(staff.post("/modules/new", {"title": "M", "body": "Texte"}))
    assert "Poser une question sur ce module" not in staff.get(f"/modules/{mid}").text


def test_the_assignment_can_be_registered_later(app: Flask, student: Browser,
                                                staff: Browser) -> None:  # fmt: skip
    subjects.register_subject(
        app, subjects.SubjectProvider("assignment", "Devoir",
                                      lambda course_id, staff: [(7, "Analyse de situation")]),
    )  # fmt: skip
    assert "Analyse de situation" in student.get("/questions/new").text
    qid = ask_as(student, "Sur le devoir", category="devoir", about="assignment:7")
    assert "À propos de : Analyse de situation" in staff.get(f"/questions/{qid}").text


def test_the_course_assignment_is_offered(
    app: Flask, student: Browser, staff: Browser
) -> None:
    from lti_app.extensions import db
    from lti_app.submissions.models import Assignment
    from tests.questions.conftest import course_id_of

    with app.app_context():
        row = Assignment(course_id=course_id_of(app), title="Situation de partenariat",
                         slug="devoir-1")  # fmt: skip
        db.session.add(row)
        db.session.commit()
        assignment = row.id
    assert "Situation de partenariat" in student.get("/questions/new").text
    qid = ask_as(student, "Sur le devoir réel", category="devoir",
                 about=f"assignment:{assignment}")  # fmt: skip
    assert (
        "À propos de : Situation de partenariat" in staff.get(f"/questions/{qid}").text
    )
