"""Names from the LMS on every staff page, without a click, in French order."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from lti_app.course.models import Course
from lti_app.course.names import person_key
from lti_app.extensions import db
from lti_app.outbox import service as outbox
from lti_app.submissions.models import Assignment
from tests.questions.conftest import ask_as
from tests.references.conftest import Browser
from tests.support.ags_platform import AgsPlatform
from tests.support.launcher import Launcher
from tests.support.platform import AGS_ENDPOINT, INSTRUCTOR_ROLES, LEARNER_ROLES, LTI

NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
# The LMS's order of ids is not the order of names; "20" and "5" have no name.
ROSTER = [("12", "Élodie", "Dupont"), ("9", "Jean", "Durand"),
          ("11", "anne", "Dubois"), ("13", "Zoé", "Émery"),
          ("10", "Marc", "Martin")]  # fmt: skip
ORDER = ["anne Dubois", "Élodie Dupont", "Jean Durand", "Zoé Émery", "Marc Martin",
         "Participant·e 5", "Participant·e 20"]  # fmt: skip
UNNAMED = {"name": None, "given_name": None, "family_name": None, "email": None}


def _launch(app: Flask, launcher: Launcher, ags: AgsPlatform, sub: str,
            roles: list[str], **names: Any) -> Browser:  # fmt: skip
    ltik = launcher.launch_token(
        sub=sub, **names,
        **{AGS_ENDPOINT: ags.ags_claim(), NRPS: ags.nrps_claim(), LTI + "roles": roles},
    )  # fmt: skip
    return Browser(app, app.test_client(use_cookies=False), ltik)


@pytest.fixture
def world(app: Flask, ags: AgsPlatform, launcher: Launcher) -> dict[str, Any]:
    """Students launched without names (Moodle's privacy "never"), one asked a
    question; then the instructor launched (the roster is stale: never fetched)."""
    ags.members = [m for m in ags.members if m["user_id"] == "3"]
    for sub, given, family in ROSTER:
        ags.add_member(sub, name=f"{given} {family}", given_name=given,
                       family_name=family)  # fmt: skip
    ags.add_member("20")
    ags.add_member("5")
    student = _launch(app, launcher, ags, "12", LEARNER_ROLES, **UNNAMED)
    for sub in ("9", "20", "5"):
        _launch(app, launcher, ags, sub, LEARNER_ROLES, **UNNAMED)
    qid = ask_as(student, "Sur la grille")
    staff = _launch(app, launcher, ags, "3", INSTRUCTOR_ROLES, name="Mathilde Garnier",
                    given_name="Mathilde", family_name="Garnier")  # fmt: skip
    with app.app_context():
        course_id = db.session.scalars(select(Course.id)).one()
        row = Assignment(
            course_id=course_id, title="Dossier", slug="dossier", points=20
        )
        db.session.add(row)
        db.session.commit()
        return {"staff": staff, "question": qid, "assignment": int(row.id)}


def _order(html: str, names: list[str]) -> list[str]:
    found = [(html.find(n), n) for n in names if n in html]
    return [n for _pos, n in sorted(found)]


def _table(html: str) -> str:
    match = re.search(r"<tbody>.*?</tbody>", html, re.S)
    assert match is not None
    return match.group(0)


def test_staff_pages_show_lms_names_after_the_worker_ran(
    app: Flask, world: dict[str, Any]
) -> None:
    staff: Browser = world["staff"]
    inbox = staff.get("/questions/inbox").text
    assert "Participant·e 12" in inbox
    assert "Élodie Dupont" not in inbox
    with app.app_context():
        assert outbox.process_due() == 1  # the refresh the staff launch queued
    inbox = staff.get("/questions/inbox").text
    assert "Élodie Dupont" in inbox
    assert "Participant·e 12" not in inbox
    assert "Élodie Dupont" in staff.get(f"/questions/{world['question']}").text
    grading = _table(staff.get(f"/submissions/{world['assignment']}/grading").text)
    assert _order(grading, ORDER) == ORDER
    assert "Mathilde Garnier" not in grading  # staff are not graded
    members = _table(staff.get("/course/members").text)
    with_staff = [*ORDER[:4], "Mathilde Garnier", *ORDER[4:]]
    assert _order(members, with_staff) == with_staff


class _Person:
    def __init__(self, sub: str, name: str | None = None, given: str | None = None,
                 family: str | None = None) -> None:  # fmt: skip
        self.sub, self.name = sub, name
        self.given_name, self.family_name = given, family


def test_the_order_folds_accents_and_counts_numbers_as_numbers() -> None:
    people = [_Person("10"), _Person("9"), _Person("1", "Durand"),
              _Person("2", None, "Élodie", "Dupont"), _Person("3", None, "Émile", "Dupont"),
              _Person("4", None, "Abel", "Éluard"), _Person("p10"), _Person("p9"),
              _Person("5", None, "Œdipe", "Oeuvray"), _Person("6", None, "X", "Ode"),
              _Person("7", "Mathilde Garnier")]  # fmt: skip
    ordered = [p.sub for p in sorted(people, key=person_key)]
    assert ordered == ["2", "3", "1", "4", "7", "6", "5", "9", "10", "p9", "p10"]
