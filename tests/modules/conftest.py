"""Module fixtures: the launch helpers of the references tests, and module factories."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from lti_app.references.demo import seed_demo_bibliography
from tests.references.conftest import (
    Browser,
    Person,
    course_id_of,
    make_course,  # noqa: F401 - a shared fixture
)
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI

MakeModule = Callable[..., int]
__all__ = ["Browser", "MakeModule", "Person", "course_id_of", "module_id"]


@pytest.fixture
def person(app: Flask, launcher: Launcher) -> Person:
    """``person(sub, roles, context_id="2")``: launch and return a browser."""

    def launch(sub: str, roles: list[str], context_id: str = "2") -> Browser:
        context = {"id": context_id, "title": f"Cours {context_id}",
                   "type": ["CourseSection"]}  # fmt: skip
        ltik = launcher.launch_token(
            sub=sub, name=f"Personne {sub}",
            **{LTI + "roles": roles, LTI + "context": context},
        )  # fmt: skip
        return Browser(app, app.test_client(use_cookies=False), ltik)

    return launch


@pytest.fixture
def staff(person: Person) -> Browser:
    return person("3", INSTRUCTOR_ROLES)


@pytest.fixture
def student(person: Person) -> Browser:
    return person("4", LEARNER_ROLES)


def module_id(response: TestResponse) -> int:
    """The module a 303 after a save points to."""
    assert response.status_code == 303, response.text[:2000]
    found = re.search(r"/modules/(\d+)", response.location)
    assert found, response.location
    return int(found.group(1))


@pytest.fixture
def make_module(staff: Browser) -> MakeModule:
    """``make_module(title, body, publish=True)``: written by staff; returns its id."""

    def create(title: str = "Module", body: str = "Texte.", *,
               publish: bool = True) -> int:  # fmt: skip
        mid = module_id(staff.post("/modules/new", {"title": title, "body": body}))
        if publish:
            staff.post(f"/modules/{mid}/status", {"status": "published"})
        return mid

    return create


@pytest.fixture
def with_bibliography(app: Flask, staff: Browser) -> int:
    """The demo bibliography in the staff's course; returns the course id."""
    course = course_id_of(app)
    with app.app_context():
        seed_demo_bibliography(course)
    return course
