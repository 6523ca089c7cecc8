"""Question fixtures: people in a course (real launches), and question factories."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from werkzeug.test import TestResponse

from tests.references.conftest import (  # noqa: F401 - shared fixtures
    Browser,
    Person,
    course_id_of,
    make_course,
    person,
    staff,
    student,
)
from tests.support.platform import LEARNER_ROLES

Ask = Callable[..., int]
__all__ = ["Ask", "Browser", "Person", "course_id_of", "question_id"]


def question_id(response: TestResponse) -> int:
    """The question a 303 after asking points to."""
    assert response.status_code == 303, response.text[:3000]
    found = re.search(r"/questions/(\d+)", response.location)
    assert found, response.location
    return int(found.group(1))


def ask_as(browser: Browser, title: str = "Une question", body: str = "Le texte.",
           **fields: Any) -> int:  # fmt: skip
    """Ask through the form; returns the new question's id."""
    data = {"title": title, "body": body, "category": "cours",
            "visibility": "private", **fields}  # fmt: skip
    return question_id(browser.post("/questions/new", data))


@pytest.fixture
def classmate(person: Person) -> Browser:  # noqa: F811 - the imported fixture
    """A second student of the same course."""
    return person("5", LEARNER_ROLES)


@pytest.fixture
def third(person: Person) -> Browser:  # noqa: F811 - the imported fixture
    """A third student of the same course."""
    return person("6", LEARNER_ROLES)


_VOLATILE = [
    (re.compile(r"ltik=[^\"&\s]+"), "ltik=X"),
    (re.compile(r'name="ltik" value="[^"]*"'), 'name="ltik" value="X"'),
    (re.compile(r'(csrf_token"[^>]*value=")[^"]*'), r"\1X"),
    (re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"), "DATE"),
    (re.compile(r'content="[^"]*/launch/renew[^"]*"'), 'content="R"'),
]


def normalised(text: str) -> str:
    """A page without what changes from one request to the next (tokens, dates)."""
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text
