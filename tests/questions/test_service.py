"""The data layer on SQLite and PostgreSQL: writes, pseudonyms, votes, unread, search."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask

from lti_app.course.models import Course, Membership, User
from lti_app.extensions import db
from lti_app.lti.models import Deployment, Platform
from lti_app.questions import queries, service, threads
from lti_app.questions.models import AnswerRevision, Question

pytestmark = pytest.mark.backends


@dataclass
class Setup:
    """A course with one instructor and three students (membership ids)."""

    id: int
    staff: int
    students: list[int]


def _course(issuer: str, context_id: str = "2") -> Setup:
    platform = Platform(
        issuer=issuer,
        client_id="c",
        auth_login_url="https://x.test/a",
        auth_token_url="https://x.test/t",
        keyset_url="https://x.test/k",
    )
    platform.deployments.append(Deployment(deployment_id="1"))
    db.session.add(platform)
    db.session.flush()
    course = Course(
        platform_id=platform.id,
        deployment_pk=platform.deployments[0].id,
        context_id=context_id,
    )
    db.session.add(course)
    people = []
    for sub, role in (
        ("1", "instructor"),
        ("2", "student"),
        ("3", "student"),
        ("4", "student"),
    ):
        user = User(issuer=issuer, sub=sub, name=f"Nom{sub} {issuer[-6:]}")
        db.session.add(user)
        db.session.flush()
        member = Membership(user_id=user.id, course_id=course.id, lti_role=role)
        db.session.add(member)
        db.session.flush()
        people.append(member.id)
    db.session.commit()
    return Setup(course.id, people[0], people[1:])


@pytest.fixture(params=["sqlite", "postgresql"])
def data(
    make_app: Callable[..., Flask], request: pytest.FixtureRequest
) -> Iterator[Setup]:
    app = make_app(request.param)
    with app.test_request_context("/"):
        yield _course("https://lms-a.example.test")


def _ask(course: Setup, who: int, title: str = "Titre", **kw: object) -> Question:
    draft = service.QuestionDraft(title=title, body=kw.pop("body", "Texte"), **kw)  # type: ignore[arg-type]
    return service.create_question(course.id, who, draft)


def test_pseudonyms_are_stable_letters_per_thread(data: Setup) -> None:
    asker, other, third = data.students
    question = _ask(data, asker, visibility="class", anonymous=True)
    service.post_comment(question, other, "b", anonymous=True)
    service.post_comment(question, asker, "a again", anonymous=True)
    service.post_comment(question, third, "named", anonymous=False)
    service.post_comment(question, other, "b again", anonymous=True)
    letters = queries.pseudonyms(question)
    assert letters == {asker: 0, other: 1}
    second = _ask(data, other, visibility="class", anonymous=True)
    assert queries.pseudonyms(second) == {other: 0}  # letters never follow a person
    names = threads.Names(question, threads.Viewer(third, False), {asker, other, third})
    assert names.asker() == "Étudiant·e A"
    assert names.poster(other, True) == "Étudiant·e B"
    assert names.poster(asker, False) == "Étudiant·e A"  # the asker stays anonymous
    staff_names = threads.Names(question, threads.Viewer(data.staff, True), {other})
    assert "Nom2" in staff_names.asker()
    assert "Étudiant·e A" in staff_names.asker()


def test_private_questions_are_never_anonymous_nor_lettered(data: Setup) -> None:
    question = _ask(data, data.students[0], visibility="private", anonymous=True)
    assert question.anonymous is False
    service.post_comment(question, data.students[0], "x", anonymous=True)
    assert queries.pseudonyms(question) == {}


def test_votes_count_once_and_can_be_withdrawn(data: Setup) -> None:
    asker, a, b = data.students
    question = _ask(data, asker, visibility="class")
    for _ in range(2):
        service.set_vote(question, a, True)
    service.set_vote(question, b, True)
    assert queries.vote_state(question, a) == (2, True)
    service.set_vote(question, a, False)
    assert queries.vote_state(question, a) == (1, False)
    assert queries.counts([question.id]).votes == {question.id: 1}


def test_unread_for_both_sides(data: Setup) -> None:
    asker, other, _third = data.students
    question = _ask(data, asker)
    assert queries.unread_count(data.id, data.staff, staff=True) == 1
    assert queries.unread_count(data.id, asker, staff=False) == 0
    service.mark_read(question, data.staff)
    assert queries.unread_count(data.id, data.staff, staff=True) == 0
    service.post_answer(question, data.staff, "Réponse")
    assert question.status == "answered"
    assert queries.unread_count(data.id, asker, staff=False) == 1
    assert queries.unread_count(data.id, data.staff, staff=True) == 0
    assert queries.unread_count(data.id, other, staff=False) == 0
    service.mark_read(question, asker)
    assert queries.unread_count(data.id, asker, staff=False) == 0


def test_answer_edits_keep_history_and_several_are_accepted(data: Setup) -> None:
    question = _ask(data, data.students[0])
    first = service.post_answer(question, data.staff, "v1")
    second = service.post_answer(question, data.staff, "autre")
    service.edit_answer(first, data.staff, "v2")
    service.edit_answer(first, data.staff, "v3")
    assert first.revision == 3
    assert [r.body for r in queries.list_answer_revisions(first)] == ["v2", "v1"]
    assert db.session.query(AnswerRevision).count() == 2
    service.set_accepted(first, True)
    service.set_accepted(second, True)
    assert all(a.accepted for a in queries.list_answers(question))
    service.set_status(question, "resolved")
    assert question.status == "resolved"
    service.set_status(question, "open")
    assert question.status == "answered"  # reopened, but it has answers


def test_inbox_unanswered_first_filters_and_folded_search(data: Setup) -> None:
    asker = data.students[0]
    answered = _ask(data, asker, "Déconcentration et décentralisation")
    service.post_answer(answered, data.staff, "r")
    open_one = _ask(data, asker, "Chef de file", category="devoir", visibility="class")
    rows, total = queries.list_inbox(data.id, queries.Filters())
    assert [r.id for r in rows] == [open_one.id, answered.id]
    assert total == 2
    assert queries.list_inbox(data.id, queries.Filters(text="DECONCENTRATION"))[1] == 1
    assert queries.list_inbox(data.id, queries.Filters(category="devoir"))[0] == [
        open_one
    ]
    assert queries.list_inbox(data.id, queries.Filters(visibility="private"))[1] == 1
    assert queries.list_inbox(data.id, queries.Filters(status="open"))[0] == [open_one]


def test_faq_search_reads_only_the_redacted_text(data: Setup) -> None:
    question = _ask(data, data.students[0], "Ma maladie", body="Dupont-secret")
    service.publish_faq(question, "Absence pour raison de santé", "Que faire ?")
    rows, _total = queries.list_class(data.id, "sante", faq=True)
    assert rows == [question]
    assert queries.list_class(data.id, "Dupont", faq=True)[1] == 0
    assert queries.list_class(data.id, "maladie", faq=True)[1] == 0
    assert (
        queries.list_class(data.id, "maladie")[1] == 0
    )  # private: not a class question


def test_courses_and_platforms_are_separate(data: Setup) -> None:
    mine = _ask(data, data.students[0], visibility="class")
    other = _course("https://lms-b.example.test", context_id="2")
    assert queries.find_question(other.id, mine.id) is None
    assert queries.list_inbox(other.id, queries.Filters())[1] == 0
    assert queries.list_class(other.id)[1] == 0
    assert queries.unread_count(other.id, other.staff, staff=True) == 0
