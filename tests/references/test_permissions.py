"""Students get 403 on every staff page; other courses' ids are 404; CSRF is required."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from lti_app import create_app
from tests.conftest import base_settings, register
from tests.references.conftest import (
    TINY_BIB,
    Browser,
    Person,
    course_id_of,
    pending_id,
)
from tests.support.launcher import Launcher
from tests.support.platform import (
    INSTRUCTOR_ROLES,
    Platform,
    running_platform,
)

# The students' pages (and their suggestions), open to every course member.
STUDENT_ENDPOINTS = {
    "references.reading_list", "references.reading_section",
    "references.reading_export", "references.mark", "references.mark_update",
    "references.suggestions_page", "references.suggestion",
}  # fmt: skip


def _staff_rules() -> list[tuple[str, str]]:
    app = create_app(base_settings(Path(tempfile.mkdtemp())))
    found = []
    for rule in app.url_map.iter_rules():
        if (
            rule.endpoint.startswith("references.")
            and rule.endpoint not in STUDENT_ENDPOINTS
        ):
            url = re.sub(r"<int:\w+>", "1", rule.rule)
            found.extend(
                (method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
            )
    return found


STAFF_URLS = _staff_rules()


def test_every_staff_url_is_listed() -> None:
    assert len(STAFF_URLS) >= 25


@pytest.mark.parametrize(("method", "url"), STAFF_URLS)
def test_students_get_403_everywhere(student: Browser, method: str, url: str) -> None:
    response = student.get(url) if method == "GET" else student.post(url, {"step": "1"})
    assert response.status_code == 403


def test_instructors_and_assistants_manage(person: Person) -> None:
    teaching_assistant = person(
        "7",
        [
            "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
        ],
    )
    assert teaching_assistant.get("/references/").status_code == 200


def _ids(app: Flask, staff: Browser) -> dict[str, int]:
    pid = pending_id(staff.post("/references/add/paste", {"text": TINY_BIB.decode()}))
    staff.post(f"/references/imports/{pid}", {"decision": "confirm"})
    staff.post("/references/sections", {"title": "Séance 1"})
    from lti_app.references import queries

    with app.app_context():
        course = course_id_of(app, issuer="https://moodle.example.test")
        ref = queries.list_references(course)[0]
        section = queries.list_sections(course)[0]
        return {"reference": ref.id, "section": section.id}


def _assert_404_elsewhere(app: Flask, staff: Browser, other: Browser) -> None:
    ids = _ids(app, staff)
    ref, section = ids["reference"], ids["section"]
    for url in (f"/references/{ref}", f"/references/{ref}/edit", f"/references/{ref}/history",
                f"/references/{ref}/delete", f"/references/sections/{section}",
                f"/references/export?section={section}"):  # fmt: skip
        assert other.get(url).status_code == 404, url
    for url in (f"/references/{ref}/delete", f"/references/{ref}/undelete",
                f"/references/sections/{section}/move",
                f"/references/sections/{section}/delete"):  # fmt: skip
        assert other.post(url, {"step": "1"}).status_code == 404, url
    pid = pending_id(staff.post("/references/add/paste", {"text": TINY_BIB.decode()}))
    assert other.get(f"/references/imports/{pid}").status_code == 404
    assert staff.get(f"/references/{ref}").status_code == 200


def test_another_course_sees_404(app: Flask, staff: Browser, person: Person) -> None:
    _assert_404_elsewhere(app, staff, person("3", INSTRUCTOR_ROLES, context_id="99"))


@pytest.fixture
def other_platform(app: Flask) -> Iterator[Platform]:
    with running_platform(
        "https://autre-moodle.example.test", "client-b", "1"
    ) as other:
        register(app, other)
        yield other


def test_same_context_id_on_another_platform_sees_404(
    app: Flask, staff: Browser, person: Person, other_platform: Platform
) -> None:
    elsewhere = person("3", INSTRUCTOR_ROLES, context_id="2",
                       launch_with=Launcher(app.test_client(), other_platform))  # fmt: skip
    _assert_404_elsewhere(app, staff, elsewhere)
    assert "lipsky1980" not in elsewhere.get("/references/").text


def test_another_staff_member_cannot_confirm_my_pending_import(
    app: Flask, staff: Browser, person: Person
) -> None:
    colleague = person("8", INSTRUCTOR_ROLES)
    pid = pending_id(staff.post("/references/add/paste", {"text": TINY_BIB.decode()}))
    assert (
        colleague.post(
            f"/references/imports/{pid}", {"decision": "confirm"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "url", ["/references/add/paste", "/references/sections", "/references/new",
            "/references/style"],
)  # fmt: skip
def test_posts_without_csrf_are_refused(staff: Browser, url: str) -> None:
    response = staff.post(url, {"text": TINY_BIB.decode(), "title": "x"}, csrf=False)
    assert response.status_code == 400
