"""Suggestions both ways: students suggest or ask, staff accept, answer, decline."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.references import doi, queries
from lti_app.references.models import ReadingListItem, Suggestion
from tests.references.conftest import Browser, Person, course_id_of
from tests.references.test_reading import import_bib, place
from tests.support.platform import LEARNER_ROLES

EVIL = "<script>alert(1)</script>"
CSL = {
    "type": "article-journal", "title": "Le non-recours aux droits",
    "container-title": "Revue française des affaires sociales",
    "author": [{"family": "Warin", "given": "Philippe"}],
    "issued": {"date-parts": [[2016]]}, "DOI": "10.3917/rfas.161.0045",
}  # fmt: skip


def _suggest(who: Browser, **fields: str) -> object:
    return who.post("/references/suggestions", {"kind": "reference", **fields})


def _only(app: Flask) -> Suggestion:
    with app.app_context():
        rows = db.session.scalars(select(Suggestion)).all()
        assert len(rows) == 1
        db.session.expunge(rows[0])
        return rows[0]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Indiquez un DOI"),
        ({"text": "   "}, "Indiquez un DOI"),
        ({"kind": "request"}, "Décrivez le sujet"),
        ({"doi": "pas un doi"}, "Ce n&#39;est pas un DOI"),
        ({"bibtex": "@book{x, title = {oops"}, "Accolades non équilibrées"),
        ({"bibtex": "juste du texte"}, "Syntaxe BibTeX invalide"),
        ({"text": "x" * 2001}, "2000"),
        ({"bibtex": "@misc{a, title={b}}" + " " * 20_001}, "20000"),
    ],
)
def test_bad_suggestions_get_form_errors(
    app: Flask, student: Browser, fields: dict[str, str], message: str
) -> None:
    response = student.post("/references/suggestions", {"kind": "reference", **fields})
    assert response.status_code == 422, response.text[:2000]
    assert message in response.text
    with app.app_context():
        assert db.session.scalars(select(Suggestion)).all() == []


def test_a_request_is_answered_and_the_student_reads_the_answer(
    app: Flask, student: Browser, staff: Browser, person: Person
) -> None:
    sent = student.post("/references/suggestions", {
        "kind": "request", "text": f"Des lectures sur le non-recours ? {EVIL}"})  # fmt: skip
    assert sent.status_code == 303
    row = _only(app)
    assert row.status == "open"
    assert "1 suggestion d&#39;étudiant·e à traiter" in staff.get("/course/").text
    inbox = staff.get("/references/inbox")
    assert inbox.status_code == 200
    assert "Personne 4" in inbox.text
    assert "&lt;script&gt;" in inbox.text
    item = staff.get(f"/references/inbox/{row.id}")
    assert "<script>alert" not in item.text
    assert "Accepter la suggestion" not in item.text  # a request is answered
    answered = staff.post(f"/references/inbox/{row.id}/answer",
                          {"answer-answer": f"Lisez Warin (2016). {EVIL}"})  # fmt: skip
    assert answered.status_code == 303
    mine = student.get(f"/references/suggestions/{row.id}")
    assert "Lisez Warin (2016)." in mine.text
    assert "<script>alert" not in mine.text
    assert "répondue" in mine.text
    assert "suggestion d" not in staff.get("/course/").text
    again = staff.post(f"/references/inbox/{row.id}/decline", {"decline-message": "x"})
    assert again.status_code == 303  # already settled: nothing changes
    assert _only(app).status == "answered"
    # Another student never sees it.
    other = person("5", LEARNER_ROLES)
    assert other.get(f"/references/suggestions/{row.id}").status_code == 404
    assert "non-recours" not in other.get("/references/suggestions").text


def test_a_bibtex_suggestion_is_accepted_into_a_section(
    app: Flask, student: Browser, staff: Browser
) -> None:
    import_bib(staff, "@misc{other, title={Autre}, year={2000}}\n")
    section = place(app, "Séance 1")
    bibtex = ("@book{castel1995, author={Castel, Robert}, title={Les métamorphoses "
              "de la question sociale}, publisher={Fayard}, year={1995}}")  # fmt: skip
    assert _suggest(student, bibtex=bibtex).status_code == 303
    row = _only(app)
    accepted = staff.post(f"/references/inbox/{row.id}/accept", {
        "accept-section_id": str(section), "accept-importance": "essential",
        "accept-note": "Chapitre 7.", "accept-message": "Merci, bonne idée !"})  # fmt: skip
    assert accepted.status_code == 303, accepted.text[:3000]
    with app.app_context():
        reference = queries.find_reference_by_key(course_id_of(app), "castel1995")
        assert reference is not None
        item = db.session.scalars(select(ReadingListItem)).one()
        assert (item.section_id, item.importance, item.note) == (
            section, "essential", "Chapitre 7.")  # fmt: skip
    settled = _only(app)
    assert settled.status == "accepted"
    assert settled.accepted_reference_id == reference.id
    assert (
        "Merci, bonne idée !" in student.get(f"/references/suggestions/{row.id}").text
    )
    assert "métamorphoses" in student.get("/references/reading").text


def test_a_doi_suggestion_is_resolved_and_a_duplicate_reuses_the_reference(
    app: Flask, student: Browser, staff: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def resolver(wanted: str, url: str, timeout: float) -> bytes:
        asked.append(wanted)
        return json.dumps(CSL).encode()

    monkeypatch.setattr(doi, "fetch_csl", resolver)
    for _ in range(2):
        assert (
            _suggest(student, doi="https://doi.org/10.3917/rfas.161.0045").status_code
            == 303
        )
    with app.app_context():
        first, second = (s.id for s in db.session.scalars(select(Suggestion)))
    for sid in (first, second):
        done = staff.post(f"/references/inbox/{sid}/accept", {"accept-section_id": "0",
                          "accept-importance": "recommended"})  # fmt: skip
        assert done.status_code == 303, done.text[:3000]
    assert asked == ["10.3917/rfas.161.0045"] * 2
    with app.app_context():
        rows = queries.list_references(course_id_of(app))
        assert [r.key for r in rows] == ["warin2016"]  # not added twice
        accepted = {
            s.accepted_reference_id for s in db.session.scalars(select(Suggestion))
        }
        assert accepted == {rows[0].id}


def test_a_failing_resolver_gives_a_clear_error_not_a_500(
    app: Flask, student: Browser, staff: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(wanted: str, url: str, timeout: float) -> bytes:
        raise doi.DoiUnavailable("timeout")

    monkeypatch.setattr(doi, "fetch_csl", down)
    assert _suggest(student, doi="10.1234/abc").status_code == 303
    row = _only(app)
    response = staff.post(f"/references/inbox/{row.id}/accept", {"accept-section_id": "0",
                          "accept-importance": "recommended"})  # fmt: skip
    assert response.status_code == 424
    assert "ne répond pas" in response.text
    assert _only(app).status == "open"


def test_free_text_opens_the_prefilled_form_and_saving_accepts(
    app: Flask, student: Browser, staff: Browser
) -> None:
    text = "Lipsky, Street-Level Bureaucracy, 1980"
    assert _suggest(student, text=text).status_code == 303
    row = _only(app)
    accepted = staff.post(f"/references/inbox/{row.id}/accept", {"accept-section_id": "0",
                          "accept-importance": "recommended"})  # fmt: skip
    assert accepted.status_code == 303
    assert f"/references/new?suggestion={row.id}" in accepted.location
    form = staff.get(f"/references/new?suggestion={row.id}")
    assert 'value="Lipsky, Street-Level Bureaucracy, 1980"' in form.text
    created = staff.post(f"/references/new?suggestion={row.id}", {
        "entry_type": "book", "key": "lipsky1980", "f_author": "Lipsky, Michael",
        "f_title": "Street-Level Bureaucracy", "f_publisher": "Russell Sage",
        "f_year": "1980"})  # fmt: skip
    assert created.status_code == 303
    assert _only(app).status == "accepted"


def test_decline_with_a_message(app: Flask, student: Browser, staff: Browser) -> None:
    assert _suggest(student, text="Un roman policier").status_code == 303
    row = _only(app)
    empty = staff.post(f"/references/inbox/{row.id}/decline", {"decline-message": ""})
    assert empty.status_code == 422
    done = staff.post(f"/references/inbox/{row.id}/decline",
                      {"decline-message": "Hors du sujet du cours."})  # fmt: skip
    assert done.status_code == 303
    page = student.get(f"/references/suggestions/{row.id}").text
    assert "déclinée" in page
    assert "Hors du sujet du cours." in page


def test_students_get_403_on_the_inbox_and_404_elsewhere(
    app: Flask, student: Browser, staff: Browser, person: Person
) -> None:
    assert _suggest(student, text="Une idée").status_code == 303
    row = _only(app)
    for url in ("/references/inbox", f"/references/inbox/{row.id}"):
        assert student.get(url).status_code == 403
    for action in ("accept", "answer", "decline"):
        assert student.post(f"/references/inbox/{row.id}/{action}").status_code == 403
    elsewhere = person("3", staff_roles(), context_id="99")
    assert elsewhere.get(f"/references/inbox/{row.id}").status_code == 404
    assert elsewhere.post(f"/references/inbox/{row.id}/answer",
                          {"answer-answer": "x"}).status_code == 404  # fmt: skip
    assert (
        staff.get(f"/references/suggestions/{row.id}").status_code == 404
    )  # not theirs


def staff_roles() -> list[str]:
    from tests.support.platform import INSTRUCTOR_ROLES

    return INSTRUCTOR_ROLES
