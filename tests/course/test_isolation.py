"""Courses and people are scoped by platform and deployment, never by raw ids alone."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from lti_app.course.models import Course, User
from lti_app.extensions import db
from tests.conftest import register
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LTI, Platform, running_platform


def _launch(
    launcher: Launcher, title: str, sub: str, name: str, **claims: object
) -> str:
    context = {"id": "2", "title": title, "type": ["CourseSection"]}
    return launcher.launch_token(
        sub=sub,
        name=name,
        **{LTI + "context": context, LTI + "roles": INSTRUCTOR_ROLES},
        **claims,
    )


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def other_platform(app: Flask) -> Iterator[Platform]:
    with running_platform(
        "https://autre-moodle.example.test", "client-b", "1"
    ) as other:
        register(app, other)
        yield other


def test_equal_context_ids_on_two_platforms_are_two_courses(
    app: Flask, launcher: Launcher, other_platform: Platform
) -> None:
    elsewhere = Launcher(app.test_client(), other_platform)
    here = _launch(launcher, "Politiques sociales (Lyon)", "4", "Inès Moreau")
    there = _launch(elsewhere, "Économie sociale (Lille)", "4", "Jules Martin")
    assert _count(app, Course) == 2
    assert _count(app, User) == 2  # the same sub on two issuers is two people
    client = app.test_client(use_cookies=False)
    page_here = client.get(f"/course/?ltik={here}").text
    assert "Politiques sociales (Lyon)" in page_here
    assert "Économie sociale (Lille)" not in page_here
    members_here = client.get(f"/course/members?ltik={here}").text
    members_there = client.get(f"/course/members?ltik={there}").text
    assert "Inès Moreau" in members_here
    assert "Jules Martin" not in members_here
    assert "Jules Martin" in members_there
    assert "Inès Moreau" not in members_there


def test_equal_context_ids_on_two_deployments_are_two_courses(
    make_app: Callable[..., Flask], platform: Platform
) -> None:
    app = make_app()
    register(app, platform, "1", "2")
    launcher = Launcher(app.test_client(), platform)
    first = _launch(launcher, "Cours du déploiement 1", "4", "Inès Moreau")
    second = _launch(
        launcher,
        "Cours du déploiement 2",
        "5",
        "Alex Learner",
        **{LTI + "deployment_id": "2"},
    )
    assert _count(app, Course) == 2
    client = app.test_client(use_cookies=False)
    assert "Cours du déploiement 2" not in client.get(f"/course/?ltik={first}").text
    members = client.get(f"/course/members?ltik={second}").text
    assert "Alex Learner" in members
    assert "Inès Moreau" not in members


def test_one_person_in_two_courses_of_a_platform(
    app: Flask, launcher: Launcher
) -> None:
    _launch(launcher, "Cours A", "4", "Inès Moreau")
    context = {"id": "3", "title": "Cours B", "type": ["CourseSection"]}
    launcher.launch_token(sub="4", **{LTI + "context": context})
    assert _count(app, Course) == 2
    assert _count(app, User) == 1
