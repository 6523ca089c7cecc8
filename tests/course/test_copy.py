"""A course copied in Moodle: new context and link ids, the same ``custom`` values.

The copy is a new course in Cartable. At its first staff launch Cartable offers
the content of the course the signed ``custom.cartable_course`` names (same
platform only); students wait on a "not ready" page until staff choose.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from lti_app.course.models import CourseCopy, User
from lti_app.course.origin import course_key
from lti_app.extensions import db
from lti_app.modules import service as modules
from lti_app.modules.attachments import add_attachment
from lti_app.modules.models import Module, ModuleAttachment, ModuleProgress
from lti_app.references import reading, suggestions
from lti_app.references import service as references
from lti_app.references.models import (
    CourseBibliography,
    ReadingListItem,
    ReadingListSection,
    ReadingMark,
    Reference,
    Suggestion,
)
from tests.conftest import register
from tests.course.conftest import csrf_for, csrf_of
from tests.references.conftest import course_id_of
from tests.support.launcher import Launcher, ltik_of
from tests.support.platform import (
    INSTRUCTOR_ROLES,
    LEARNER_ROLES,
    LTI,
    Platform,
    running_platform,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BIB = """@book{morel2020, author = {Morel, Anne}, title = {Enqu\\^ete}, year = {2020}}
@article{lyet2008, author = {Lyet, Philippe}, title = {Partenariat},
  journal = {Revue}, year = {2008}}
@book{gone1999, author = {Gone, Al}, title = {Jet\\'e}, year = {1999}}
"""


def _launch(
    launcher: Launcher, sub: str, roles: list[str], context_id: str, **custom: str
) -> Any:
    context = {"id": context_id, "title": f"Cours {context_id}"}
    link = {"id": f"link-{context_id}", "title": "Cartable"}
    return launcher.launch(
        sub=sub,
        name=f"Personne {sub}",
        **{
            LTI + "roles": roles,
            LTI + "context": context,
            LTI + "resource_link": link,
            LTI + "custom": {"cartable_target": "modules", **custom},
        },
    )


def _user_id(app: Flask, sub: str) -> int:
    with app.app_context():
        return int(db.session.scalars(select(User.id).where(User.sub == sub)).one())


def _fill_source(app: Flask, course: int, student: int) -> None:
    """Staff content, and students' own data that must stay behind."""
    with app.app_context():
        first = modules.create_module(course, None, modules.Draft("Séance 1", "x"))
        modules.set_status(first, None, published=True)
        second = modules.create_module(course, None, modules.Draft("Séance 2", "y"))
        image = add_attachment(second, None, "schéma.png", PNG, "image/png")
        second.body_markdown = f"![schéma](/modules/{second.id}/files/{image.id})"
        binned = modules.create_module(course, None, modules.Draft("Vieux", "z"))
        binned.deleted_at = binned.created_at
        db.session.add(ModuleProgress(course_id=course, module_id=first.id,
                                      user_id=student))  # fmt: skip
        db.session.commit()
        from lti_app.references import imports

        parsed = imports.read_input(BIB.encode(), "c.bib", 100_000, upload=True)
        imports.import_now(course, None, parsed)
        refs = {r.key: r for r in db.session.scalars(select(Reference))}
        refs["gone1999"].deleted_at = refs["gone1999"].created_at
        db.session.add(CourseBibliography(course_id=course, style="chicago"))
        db.session.commit()
        section = references.create_section(course, "Partenariats", "", first.id)
        references.add_item(section, refs["morel2020"], "essential", "Avant tout")
        references.add_item(section, refs["gone1999"], "further", "")
        reading.set_mark(course, student, refs["lyet2008"], "read")
        suggestions.create_suggestion(course, student, "request", text="Plus ?")


def _count(app: Flask, model: type, course: int) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model)
        return int(db.session.scalar(query.where(model.course_id == course)) or 0)


@pytest.fixture
def source(app: Flask, launcher: Launcher) -> int:
    """Last year's course, launched by its teacher and a student, with content."""
    assert _launch(launcher, "3", INSTRUCTOR_ROLES, "2").status_code == 303
    assert _launch(launcher, "4", LEARNER_ROLES, "2").status_code == 303
    course = course_id_of(app, "2")
    _fill_source(app, course, _user_id(app, "4"))
    return course


def _key(app: Flask, course: int) -> str:
    with app.app_context():
        return course_key(course)


def _choose(client: FlaskClient, ltik: str, choice: str) -> Any:
    page = client.get(f"/course/copy?ltik={ltik}")
    assert page.status_code == 200, page.text
    return client.post(
        f"/course/copy?ltik={ltik}",
        data={"csrf_token": csrf_of(page.text), "choice": choice},
    )


def test_students_wait_on_not_ready_until_staff_copy(
    app: Flask, launcher: Launcher, client: FlaskClient, source: int
) -> None:
    key = _key(app, source)
    student = _launch(launcher, "4", LEARNER_ROLES, "3", cartable_course=key)
    assert urlsplit(student.location).path == "/course/not-ready"
    waiting = client.get(student.location)
    assert waiting.status_code == 200
    assert "pas encore prêt" in waiting.text
    assert "Séance" not in waiting.text
    home = client.get(f"/course/?ltik={ltik_of(student)}")
    assert urlsplit(home.location).path == "/course/not-ready"
    modules_page = client.get(f"/modules/?ltik={ltik_of(student)}")
    assert "Séance 1" not in modules_page.text

    teacher = _launch(launcher, "3", INSTRUCTOR_ROLES, "3", cartable_course=key)
    assert urlsplit(teacher.location).path == "/course/copy"
    offer = client.get(teacher.location)
    assert "Cours 2" in offer.text
    assert "Modules : 2" in offer.text
    done = _choose(client, ltik_of(teacher), "copy")
    assert urlsplit(done.location).path == "/course/"

    again = _launch(launcher, "4", LEARNER_ROLES, "3", cartable_course=key)
    assert urlsplit(again.location).path == "/modules/"
    assert "Séance 1" in client.get(again.location).text


def test_copy_takes_staff_content_and_leaves_students_data(
    app: Flask, launcher: Launcher, client: FlaskClient, source: int
) -> None:
    key = _key(app, source)
    teacher = _launch(launcher, "3", INSTRUCTOR_ROLES, "3", cartable_course=key)
    _choose(client, ltik_of(teacher), "copy")
    target = course_id_of(app, "3")
    assert _count(app, Module, target) == 2  # not the one in the bin
    assert _count(app, Reference, target) == 2
    assert _count(app, ReadingListSection, target) == 1
    assert _count(app, ReadingListItem, target) == 1
    assert _count(app, CourseBibliography, target) == 1
    for private in (ReadingMark, Suggestion, ModuleProgress):
        assert _count(app, private, target) == 0
    with app.app_context():
        section = db.session.scalars(
            select(ReadingListSection).where(ReadingListSection.course_id == target)
        ).one()
        linked = db.session.get(Module, section.module_id)
        assert linked is not None
        assert (linked.course_id, linked.title) == (target, "Séance 1")
        second = db.session.scalars(
            select(Module).where(Module.course_id == target, Module.slug != linked.slug)
        ).one()
        image = db.session.scalars(
            select(ModuleAttachment).where(ModuleAttachment.course_id == target)
        ).one()
        assert second.body_markdown == (
            f"![schéma](/modules/{second.id}/files/{image.id})"
        )
        copy = db.session.scalars(select(CourseCopy)).one()
        assert copy.status == "copied"
        assert copy.copied == {
            "modules": 2,
            "bibliography": 2,
            "reading_list": 1,
            "assignments": 0,
        }
    # The source course is untouched.
    assert _count(app, Module, source) == 3
    assert _count(app, ReadingMark, source) == 1


def test_a_second_choice_changes_nothing(
    app: Flask, launcher: Launcher, client: FlaskClient, source: int
) -> None:
    key = _key(app, source)
    teacher = _launch(launcher, "3", INSTRUCTOR_ROLES, "3", cartable_course=key)
    ltik = ltik_of(teacher)
    page = client.get(f"/course/copy?ltik={ltik}")
    token = csrf_of(page.text)
    for _ in range(2):
        client.post(
            f"/course/copy?ltik={ltik}", data={"csrf_token": token, "choice": "copy"}
        )
    assert _count(app, Module, course_id_of(app, "3")) == 2


def test_starting_empty_lets_students_in(
    app: Flask, launcher: Launcher, client: FlaskClient, source: int
) -> None:
    key = _key(app, source)
    teacher = _launch(launcher, "3", INSTRUCTOR_ROLES, "3", cartable_course=key)
    _choose(client, ltik_of(teacher), "empty")
    assert _count(app, Module, course_id_of(app, "3")) == 0
    student = _launch(launcher, "4", LEARNER_ROLES, "3", cartable_course=key)
    assert urlsplit(student.location).path == "/modules/"


def test_only_staff_are_offered_the_copy(
    app: Flask, launcher: Launcher, client: FlaskClient, source: int
) -> None:
    key = _key(app, source)
    student = ltik_of(_launch(launcher, "4", LEARNER_ROLES, "3", cartable_course=key))
    assert client.get(f"/course/copy?ltik={student}").status_code == 403
    token = csrf_for(app, student)
    posted = client.post(
        f"/course/copy?ltik={student}", data={"csrf_token": token, "choice": "copy"}
    )
    assert posted.status_code == 403
    assert _count(app, Module, course_id_of(app, "3")) == 0


def test_choice_needs_the_csrf_token(
    app: Flask, launcher: Launcher, client: FlaskClient, source: int
) -> None:
    key = _key(app, source)
    teacher = ltik_of(
        _launch(launcher, "3", INSTRUCTOR_ROLES, "3", cartable_course=key)
    )
    posted = client.post(f"/course/copy?ltik={teacher}", data={"choice": "copy"})
    assert posted.status_code == 400
    assert _count(app, Module, course_id_of(app, "3")) == 0


@pytest.fixture
def other_platform(app: Flask) -> Iterator[Platform]:
    with running_platform("https://autre.example.test", "client-b", "1") as other:
        register(app, other)
        yield other


def test_a_source_on_another_platform_is_refused(
    app: Flask, client: FlaskClient, source: int, other_platform: Platform
) -> None:
    elsewhere = Launcher(client, other_platform)
    teacher = _launch(
        elsewhere, "3", INSTRUCTOR_ROLES, "9", cartable_course=_key(app, source)
    )
    assert urlsplit(teacher.location).path == "/modules/"
    student = _launch(
        elsewhere, "4", LEARNER_ROLES, "9", cartable_course=_key(app, source)
    )
    assert urlsplit(student.location).path == "/modules/"
    with app.app_context():
        assert db.session.scalars(select(CourseCopy)).all() == []


@pytest.mark.parametrize("key", ["1", "1.forged", ""])
def test_an_unsigned_key_names_nothing(
    app: Flask, launcher: Launcher, source: int, key: str
) -> None:
    teacher = _launch(launcher, "3", INSTRUCTOR_ROLES, "3", cartable_course=key)
    assert urlsplit(teacher.location).path == "/modules/"


def test_an_existing_course_is_never_put_on_hold(
    app: Flask, launcher: Launcher, source: int
) -> None:
    """An activity copied into a course that students already use blocks nobody."""
    assert _launch(launcher, "4", LEARNER_ROLES, "3").status_code == 303
    key = _key(app, source)
    teacher = _launch(launcher, "3", INSTRUCTOR_ROLES, "3", cartable_course=key)
    assert urlsplit(teacher.location).path == "/modules/"
