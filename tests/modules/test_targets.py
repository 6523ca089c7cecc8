"""Modules as deep linking targets: ``module:<slug>`` found in the launch's course."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.lti.session import load_launch, read_token
from lti_app.modules.models import Module
from lti_app.modules.targets import find_module_target, list_module_targets
from tests.modules.conftest import course_id_of
from tests.support.launcher import Launcher, ltik_of
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI


def add(app: Flask, slug: str, position: int = 0, **fields: Any) -> int:
    """A module of course "2", written straight to the database; its id."""
    fields.setdefault("status", "published")
    with app.app_context():
        module = Module(course_id=course_id_of(app), title=f"Titre {slug}",
                        slug=slug, position=position, **fields)  # fmt: skip
        db.session.add(module)
        db.session.commit()
        return module.id


def land(launcher: Launcher, slug: str, roles: list[str]) -> str:
    """Where a resource link naming ``module:<slug>`` lands; the path."""
    response = launcher.launch(
        sub="3" if roles == INSTRUCTOR_ROLES else "4",
        **{LTI + "roles": roles, LTI + "custom": {"cartable_target": f"module:{slug}"}},
    )
    assert response.status_code == 303, response.text
    return urlsplit(response.location).path


@pytest.mark.parametrize(
    ("fields", "staff_lands", "student_lands"),
    [
        pytest.param({}, True, True, id="published"),
        pytest.param({"status": "draft"}, True, False, id="draft"),
        pytest.param({"deleted_at": utcnow()}, False, False, id="in-the-bin"),
        pytest.param(
            {"available_from": utcnow() + timedelta(days=2)}, True, False, id="later"
        ),
    ],
)
def test_who_lands_on_a_module(
    app: Flask,
    launcher: Launcher,
    fields: dict[str, Any],
    staff_lands: bool,
    student_lands: bool,
) -> None:
    launcher.launch_token()
    mid = add(app, "seance-1", **fields)
    for roles, lands in (
        (INSTRUCTOR_ROLES, staff_lands),
        (LEARNER_ROLES, student_lands),
    ):
        expected = f"/modules/{mid}" if lands else "/lti/target-gone"
        assert land(launcher, "seance-1", roles) == expected


def test_targets_list_published_modules_in_course_order(
    app: Flask, launcher: Launcher
) -> None:
    response = launcher.launch(**{LTI + "roles": INSTRUCTOR_ROLES})
    add(app, "b", position=2)
    add(app, "a", position=1)
    add(app, "brouillon", status="draft")
    add(app, "jete", deleted_at=utcnow())
    with app.test_request_context(f"/modules/?ltik={ltik_of(response)}"):
        launch_id = read_token().launch_id
        assert launch_id is not None
        context = load_launch(launch_id)
        assert context is not None
        assert list_module_targets(context) == [("a", "Titre a"), ("b", "Titre b")]
        assert find_module_target(context, "absent") is None
        elsewhere = dataclasses.replace(context, course_id=context.course_id + 99)
        assert list_module_targets(elsewhere) == []
        assert find_module_target(elsewhere, "a") is None
