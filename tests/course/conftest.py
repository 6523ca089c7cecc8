"""Course fixtures: people who launch with a role, and their memberships."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from lti_app.course.models import Membership, User
from lti_app.extensions import db
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI

Person = Callable[..., str]


@pytest.fixture
def person(launcher: Launcher) -> Person:
    """``person(sub, roles, context_id="2", **claims)`` launches; returns the ltik."""

    def launch(sub: str, roles: list[str], context_id: str = "2", **claims: Any) -> str:
        context = {
            "id": context_id,
            "title": f"Cours {context_id}",
            "type": ["CourseSection"],
        }
        claims.setdefault("name", f"Personne {sub}")
        return launcher.launch_token(
            sub=sub, **{LTI + "roles": roles, LTI + "context": context}, **claims
        )

    return launch


@pytest.fixture
def instructor(person: Person) -> str:
    return person("3", INSTRUCTOR_ROLES, name="Claire Enseignante")


@pytest.fixture
def student(person: Person) -> str:
    return person("4", LEARNER_ROLES, name="Inès Moreau")


def membership_id(app: Flask, sub: str, context_id: str = "2") -> int:
    """The membership of ``sub`` in the course with this context id."""
    with app.app_context():
        found = db.session.scalars(
            select(Membership).join(User).where(User.sub == sub)
        ).all()
        matching = [m.id for m in found if m.course.context_id == context_id]
    assert len(matching) == 1
    return matching[0]


def csrf_of(page: str) -> str:
    """The CSRF token a page's form carries."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, "the page has no CSRF token"
    return found.group(1)


def csrf_for(app: Flask, ltik: str) -> str:
    """A CSRF token bound to this launch's session, as a future form would give it."""
    with app.test_request_context(f"/course/?ltik={ltik}"):
        token = generate_csrf()
        app.session_interface.save_session(app, session, app.response_class())  # type: ignore[arg-type]
    return str(token)
