"""Students read published, available modules of their course; nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.modules.models import Module
from tests.modules.conftest import Browser, MakeModule, Person
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES

STAFF_PAGES = [
    ("get", "/modules/new"), ("post", "/modules/new"),
    ("get", "/modules/{id}/edit"), ("post", "/modules/{id}/edit"),
    ("post", "/modules/{id}/status"), ("post", "/modules/{id}/move"),
    ("get", "/modules/{id}/delete"), ("post", "/modules/{id}/delete"),
    ("post", "/modules/{id}/restore"), ("get", "/modules/{id}/revisions"),
    ("get", "/modules/{id}/revisions/1"), ("post", "/modules/{id}/revisions/1/restore"),
    ("get", "/modules/trash"), ("get", "/modules/import"), ("post", "/modules/import"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "url"), STAFF_PAGES)
def test_staff_pages_are_403_for_students(
    student: Browser, make_module: MakeModule, method: str, url: str
) -> None:
    mid = make_module()
    target = url.format(id=mid)
    response = student.get(target) if method == "get" else student.post(target)
    assert response.status_code == 403


def test_drafts_are_404_for_students(
    staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Brouillon secret", publish=False)
    assert student.get(f"/modules/{mid}").status_code == 404
    assert student.post(f"/modules/{mid}/read", {"done": "1"}).status_code == 404
    assert "Brouillon secret" not in student.get("/modules/").text
    assert "Brouillon secret" in staff.get("/modules/").text


def test_availability_window(
    app: Flask, student: Browser, make_module: MakeModule
) -> None:
    later, past = make_module("Plus tard"), make_module("Passé")
    with app.app_context():
        db.session.get(Module, later).available_from = utcnow() + timedelta(days=1)
        db.session.get(Module, past).available_until = utcnow() - timedelta(days=1)
        db.session.commit()
    assert student.get(f"/modules/{later}").status_code == 404
    assert student.get(f"/modules/{past}").status_code == 404
    assert "Plus tard" not in student.get("/modules/").text


def test_another_courses_module_is_404(person: Person, make_module: MakeModule) -> None:
    mid = make_module("Cours 2")
    outsider = person("8", INSTRUCTOR_ROLES, context_id="99")
    other_student = person("9", LEARNER_ROLES, context_id="99")
    for who in (outsider, other_student):
        assert who.get(f"/modules/{mid}").status_code == 404
        assert who.post(f"/modules/{mid}/read", {"done": "1"}).status_code == 404
    assert outsider.get(f"/modules/{mid}/edit").status_code == 404
    assert outsider.post(f"/modules/{mid}/delete").status_code == 404
    assert "Cours 2" not in outsider.get("/modules/").text


def test_posts_need_csrf(staff: Browser, make_module: MakeModule) -> None:
    mid = make_module()
    response = staff.post(f"/modules/{mid}/delete", csrf=False)
    assert response.status_code == 400
    assert staff.get(f"/modules/{mid}").status_code == 200
