"""Bibliography fixtures: launches with a role, a course, CSRF-carrying posts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask, session
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from werkzeug.test import TestResponse

from lti_app.course.models import Course, User
from lti_app.extensions import db
from lti_app.lti.models import Deployment, Platform
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI

TINY_BIB = b"""@book{lipsky1980,
  author = {Lipsky, Michael},
  title = {Street-Level Bureaucracy},
  publisher = {Russell Sage Foundation},
  year = {1980},
}
"""


@dataclass
class Browser:
    """A person in a course: their launch token and a cookie-less client."""

    app: Flask
    client: FlaskClient
    ltik: str

    def get(self, url: str, **kw: Any) -> TestResponse:
        sep = "&" if "?" in url else "?"
        return self.client.get(f"{url}{sep}ltik={self.ltik}", **kw)

    def csrf(self) -> str:
        with self.app.test_request_context(f"/references/?ltik={self.ltik}"):
            token = generate_csrf()
            self.app.session_interface.save_session(  # type: ignore[arg-type]
                self.app, session, self.app.response_class()
            )
        return str(token)

    def post(self, url: str, data: dict[str, Any] | None = None, *,
             csrf: bool = True, **kw: Any) -> TestResponse:  # fmt: skip
        form = {"ltik": self.ltik, **(data or {})}
        if csrf:
            form["csrf_token"] = self.csrf()
        return self.client.post(url, data=form, **kw)


Person = Callable[..., Browser]


@pytest.fixture
def person(app: Flask, launcher: Launcher) -> Person:
    """``person(sub, roles, context_id="2")``: launch and return a browser."""

    def launch(sub: str, roles: list[str], context_id: str = "2",
               launch_with: Launcher | None = None) -> Browser:  # fmt: skip
        context = {
            "id": context_id,
            "title": f"Cours {context_id}",
            "type": ["CourseSection"],
        }
        ltik = (launch_with or launcher).launch_token(
            sub=sub,
            name=f"Personne {sub}",
            **{LTI + "roles": roles, LTI + "context": context},
        )
        return Browser(app, app.test_client(use_cookies=False), ltik)

    return launch


@pytest.fixture
def staff(person: Person) -> Browser:
    return person("3", INSTRUCTOR_ROLES)


@pytest.fixture
def student(person: Person) -> Browser:
    return person("4", LEARNER_ROLES)


def course_id_of(app: Flask, context_id: str = "2", issuer: str | None = None) -> int:
    """The tool-side id of the course with this context id."""
    with app.app_context():
        query = select(Course).join(Platform).where(Course.context_id == context_id)
        if issuer:
            query = query.where(Platform.issuer == issuer)
        return db.session.scalars(query).one().id


@pytest.fixture
def make_course(app: Flask) -> Callable[..., int]:
    """Create a course without a launch (service and CLI tests); returns its id."""
    count = [0]

    def create(context_id: str = "2", title: str = "Cours") -> int:
        count[0] += 1
        with app.app_context():
            platform = Platform(
                issuer=f"https://lms{count[0]}.example.test", client_id="c",
                auth_login_url="https://x.test/a", auth_token_url="https://x.test/t",
                keyset_url="https://x.test/k",
            )  # fmt: skip
            platform.deployments.append(Deployment(deployment_id="1"))
            db.session.add(platform)
            db.session.flush()
            course = Course(platform_id=platform.id, deployment_pk=platform.deployments[0].id,
                            context_id=context_id, title=title)  # fmt: skip
            db.session.add(course)
            db.session.commit()
            return course.id

    return create


def pending_id(response: TestResponse) -> int:
    """The pending import a 303 after an analysis points to."""
    assert response.status_code == 303, response.text[:2000]
    found = re.search(r"/references/imports/(\d+)", response.location)
    assert found, response.location
    return int(found.group(1))


@pytest.fixture
def user_id(app: Flask) -> int:
    """A person, without a launch."""
    with app.app_context():
        user = User(issuer="https://lms.example.test", sub="9", name="Claire")
        db.session.add(user)
        db.session.commit()
        return user.id
