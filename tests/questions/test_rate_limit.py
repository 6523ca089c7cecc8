"""Per-student rate limit: a clear 429 in French or English, staff never limited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from tests.questions.conftest import Browser, ask_as
from tests.support.launcher import Launcher
from tests.support.platform import LEARNER_ROLES, LTI


@pytest.fixture(params=["sqlite", "postgresql+redis"])
def app(make_app: Callable[..., Flask], request: pytest.FixtureRequest) -> Flask:
    """Two posts per hour; memory storage on SQLite, Redis storage with Redis."""
    return make_app(request.param, CARTABLE_RATE_QUESTIONS="2/hour")


def _post(browser: Browser, title: str = "T") -> int:
    data = {"title": title, "body": "B", "category": "cours", "visibility": "private"}
    return browser.post("/questions/new", data).status_code


def test_the_third_question_in_an_hour_is_refused(
    app: Flask, student: Browser, classmate: Browser, staff: Browser
) -> None:
    if app.config["REDIS_URL"]:
        assert app.config["RATELIMIT_STORAGE_URI"] == app.config["REDIS_URL"]
    qid = ask_as(student)
    ask_as(student)
    response = student.post(
        "/questions/new",
        {
            "title": "Gardé",
            "body": "Mon texte",
            "category": "cours",
            "visibility": "private",
        },
    )
    assert response.status_code == 429
    assert "Trop d’envois en peu de temps" in response.text
    assert "questions" in response.text
    assert "Mon texte" in response.text  # what was typed is given back
    assert "Retry-After" in response.headers
    assert student.get("/questions/new").status_code == 200  # reading is never limited
    assert _post(classmate) == 303  # one counter per student
    for n in range(4):  # staff have an allowance of their own, larger
        assert _post(staff, f"staff {n}") == 303
    # Follow-ups count in a bucket of their own (row 7: they were refused too).
    assert student.post(f"/questions/{qid}/comments", {"body": "s"}).status_code == 303


def test_a_refused_form_does_not_count(student: Browser) -> None:
    for _ in range(3):
        assert (
            student.post("/questions/new", {"title": "", "body": ""}).status_code == 422
        )
    assert _post(student) == 303


def test_the_page_speaks_english_to_english_launches(
    app: Flask, launcher: Launcher
) -> None:
    context = {"id": "2", "title": "Cours 2", "type": ["CourseSection"]}
    ltik = launcher.launch_token(
        sub="40",
        **{
            LTI + "roles": LEARNER_ROLES,
            LTI + "context": context,
            LTI + "launch_presentation": {"locale": "en"},
        },
    )
    browser = Browser(app, app.test_client(use_cookies=False), ltik)
    for _ in range(2):
        assert _post(browser) == 303
    page = browser.post(
        "/questions/new",
        {"title": "T", "body": "B", "category": "cours", "visibility": "private"},
    )
    assert page.status_code == 429
    assert "Too many submissions in a short time" in page.text
    assert '<html lang="en">' in page.text
