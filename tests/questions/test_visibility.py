"""Who may open what: private questions, other courses, other platforms, staff pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import register
from tests.questions.conftest import Browser, Person, ask_as, normalised
from tests.support.launcher import Launcher
from tests.support.platform import (
    INSTRUCTOR_ROLES,
    LEARNER_ROLES,
    Platform,
    running_platform,
)

SECRET_TITLE = "Ma situation personnelle confidentielle"
SECRET_BODY = "Détail-privé-7731"


def _student_urls(qid: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/questions/{qid}"),
        ("POST", f"/questions/{qid}/comments"),
        ("POST", f"/questions/{qid}/vote"),
        ("POST", f"/questions/{qid}/consent"),
    ]


def _staff_urls(qid: int) -> list[tuple[str, str]]:
    return [
        ("GET", "/questions/inbox"),
        ("POST", f"/questions/{qid}/answers"),
        ("GET", f"/questions/{qid}/answers/1/edit"),
        ("POST", f"/questions/{qid}/answers/1/edit"),
        ("GET", f"/questions/{qid}/answers/1/history"),
        ("POST", f"/questions/{qid}/answers/1/accept"),
        ("POST", f"/questions/{qid}/status"),
        ("POST", f"/questions/{qid}/faq"),
        ("POST", f"/questions/{qid}/faq/withdraw"),
        ("POST", f"/questions/{qid}/pin"),
    ]


def _call(browser: Browser, method: str, url: str) -> int:
    data = {"body": "x", "value": "1", "status": "resolved", "title": "t"}
    if method == "GET":
        return browser.get(url).status_code
    return browser.post(url, data).status_code


def _nowhere(browser: Browser, qid: int) -> None:
    """The question leaves no trace on any page this person can open."""
    for url in ("/questions/", "/questions/class", "/questions/faq",
                "/questions/new", "/modules/", "/course/"):  # fmt: skip
        page = browser.get(url)
        if page.status_code == 200:
            assert SECRET_TITLE not in page.text
            assert SECRET_BODY not in page.text
            assert f"/questions/{qid}" not in page.text
    for url in ("/questions/class?q=confidentielle", "/questions/faq?q=7731"):
        found = browser.get(url).text
        assert SECRET_TITLE not in found
        assert f"/questions/{qid}" not in found


def test_another_students_private_question_is_404_everywhere(
    student: Browser, classmate: Browser, staff: Browser
) -> None:
    qid = ask_as(student, SECRET_TITLE, SECRET_BODY)
    staff.post(f"/questions/{qid}/answers", {"body": "Réponse."})
    for method, url in _student_urls(qid):
        assert _call(classmate, method, url) == 404, (method, url)
    _nowhere(classmate, qid)
    assert student.get(f"/questions/{qid}").status_code == 200
    assert SECRET_TITLE in student.get("/questions/").text


def test_a_missing_question_and_a_private_one_look_the_same(
    student: Browser, classmate: Browser
) -> None:
    qid = ask_as(student, SECRET_TITLE, SECRET_BODY)
    hidden = classmate.get(f"/questions/{qid}")
    missing = classmate.get(f"/questions/{qid + 1000}")
    assert hidden.status_code == missing.status_code == 404
    assert normalised(hidden.text) == normalised(missing.text)


@pytest.mark.parametrize("kind", ["student", "staff"])
def test_staff_pages_are_403_for_students(
    student: Browser, classmate: Browser, kind: str
) -> None:
    qid = ask_as(student, visibility="class")
    for method, url in _staff_urls(qid):
        assert _call(classmate, method, url) == 403, (method, url)


def test_another_course_sees_nothing(student: Browser, person: Person) -> None:
    qid = ask_as(student, SECRET_TITLE, SECRET_BODY, visibility="class")
    elsewhere_staff = person("30", INSTRUCTOR_ROLES, context_id="3")
    elsewhere_student = person("31", LEARNER_ROLES, context_id="3")
    for browser in (elsewhere_staff, elsewhere_student):
        assert browser.get(f"/questions/{qid}").status_code == 404
        assert (
            browser.post(f"/questions/{qid}/comments", {"body": "x"}).status_code == 404
        )
        _nowhere(browser, qid)
    assert elsewhere_staff.post(f"/questions/{qid}/answers",
                                {"body": "x"}).status_code == 404  # fmt: skip
    assert SECRET_TITLE not in elsewhere_staff.get("/questions/inbox").text


@pytest.fixture
def other_platform(app: Flask) -> Iterator[Platform]:
    with running_platform("https://autre-moodle.example.test", "client-b", "1") as p:
        register(app, p)
        yield p


def test_another_platform_with_the_same_context_id_sees_nothing(
    app: Flask, student: Browser, person: Person, other_platform: Platform
) -> None:
    qid = ask_as(student, SECRET_TITLE, SECRET_BODY, visibility="class")
    launcher = Launcher(app.test_client(), other_platform)
    same_ids = person("3", INSTRUCTOR_ROLES, context_id="2", launch_with=launcher)
    assert same_ids.get(f"/questions/{qid}").status_code == 404
    assert same_ids.post(f"/questions/{qid}/answers", {"body": "x"}).status_code == 404
    assert SECRET_TITLE not in same_ids.get("/questions/inbox").text
    _nowhere(same_ids, qid)


def test_class_questions_are_shared_private_ones_are_not(
    student: Browser, classmate: Browser
) -> None:
    shared = ask_as(student, "Question pour tous", visibility="class")
    ask_as(student, SECRET_TITLE, SECRET_BODY)
    listing = classmate.get("/questions/class").text
    assert "Question pour tous" in listing
    assert SECRET_TITLE not in listing
    assert classmate.get(f"/questions/{shared}").status_code == 200


def test_forms_need_a_csrf_token(student: Browser, staff: Browser) -> None:
    refused = student.post("/questions/new", {"title": "t", "body": "b",
                           "category": "cours", "visibility": "private"},
                           csrf=False)  # fmt: skip
    assert refused.status_code == 400
    qid = ask_as(student)
    for url, data in ((f"/questions/{qid}/answers", {"body": "x"}),
                      (f"/questions/{qid}/status", {"status": "resolved"})):  # fmt: skip
        assert staff.post(url, data, csrf=False).status_code == 400
    assert student.post(f"/questions/{qid}/comments", {"body": "x"},
                        csrf=False).status_code == 400  # fmt: skip
    assert "Pas encore de réponse." in student.get(f"/questions/{qid}").text
