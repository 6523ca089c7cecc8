"""Released grades reach the LMS; the roster comes from NRPS; "view submission".

The platform double (tests/support/ags_platform.py) is independent of the app's
LTI code and answers as Moodle 4.5 does, over real HTTP.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask

from lti_app.outbox import service as outbox
from tests.references.conftest import Browser
from tests.submissions.files import pdf
from tests.submissions.grading_support import add_submission
from tests.support.ags_platform import AgsPlatform
from tests.support.launcher import Launcher
from tests.support.platform import AGS_ENDPOINT, INSTRUCTOR_ROLES, LEARNER_ROLES, LTI

NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
NAMES = {"3": ("Mathilde", "Garnier"), "4": ("Inès", "Moreau"),
         "5": ("Yanis", "Belkacem"), "6": ("Léa", "Fontaine")}  # fmt: skip
SLUG = "situation"


class Lms:
    """Launches from the AGS/NRPS platform double into course "2"."""

    def __init__(self, app: Flask, launcher: Launcher, ags: AgsPlatform) -> None:
        self.app, self.launcher, self.ags = app, launcher, ags

    def claims(self, sub: str, roles: list[str], target: bool = True) -> dict[str, Any]:
        given, family = NAMES[sub]
        custom = {"cartable_target": f"assignment:{SLUG}"} if target else {}
        return {
            "sub": sub, "name": f"{given} {family}", "given_name": given,
            "family_name": family, AGS_ENDPOINT: self.ags.ags_claim(2),
            NRPS: self.ags.nrps_claim(), LTI + "roles": roles, LTI + "custom": custom,
        }  # fmt: skip

    def launch(self, sub: str, roles: list[str], target: bool = True) -> Browser:
        ltik = self.launcher.launch_token(**self.claims(sub, roles, target))
        return Browser(self.app, self.app.test_client(use_cookies=False), ltik)

    def review(self, sub: str, roles: list[str], for_user: str) -> Any:
        """An LtiSubmissionReviewRequest as Moodle's "view submission" sends it."""
        login = self.launcher.login()
        platform = self.launcher.platform
        claims = platform.submission_review_claims(login.nonce)
        claims.update(self.claims(sub, roles))
        claims[LTI + "message_type"] = "LtiSubmissionReviewRequest"
        claims[LTI + "for_user"] = {"user_id": for_user, "roles": LEARNER_ROLES}
        return self.launcher.post(platform.sign(claims), login.state)

    def worker(self) -> int:
        with self.app.app_context():
            return outbox.process_due()


@pytest.fixture
def lms(app: Flask, launcher: Launcher, ags: AgsPlatform) -> Lms:
    ags.add_line_item("Cartable", 100, resource_link_id="1")  # Moodle's column, id 2
    return Lms(app, launcher, ags)


@pytest.fixture
def assignment(app: Flask, lms: Lms) -> int:
    """The assignment of course "2" (created after the course's first launch)."""
    from lti_app.course.models import Course
    from lti_app.extensions import db
    from lti_app.submissions.models import Assignment

    lms.launch("3", INSTRUCTOR_ROLES, target=False)
    with app.app_context():
        course = db.session.query(Course).filter_by(context_id="2").one()
        row = Assignment(course_id=course.id, title="Situation", slug=SLUG, points=20)
        db.session.add(row)
        db.session.commit()
        return int(row.id)


def _membership(app: Flask, sub: str) -> int:
    from lti_app.course.models import Membership, User
    from lti_app.extensions import db

    with app.app_context():
        user = db.session.query(User).filter_by(sub=sub).one()
        return int(db.session.query(Membership).filter_by(user_id=user.id).one().id)


def _grade_and_release(staff: Browser, aid: int, mid: int, score: str) -> None:
    saved = staff.post(f"/submissions/{aid}/grading/{mid}",
                       {"score": score, "feedback": "Bien."},
                       content_type="multipart/form-data")  # fmt: skip
    assert saved.status_code == 303, saved.text[:2000]
    assert staff.post(f"/submissions/{aid}/grading/release").status_code == 303


def test_roster_refresh_then_released_grades_reach_the_gradebook(
    app: Flask, lms: Lms, assignment: int
) -> None:
    staff = lms.launch("3", INSTRUCTOR_ROLES)
    lms.launch("4", LEARNER_ROLES)
    table = staff.get(f"/submissions/{assignment}/grading").text
    assert "Inès Moreau" in table
    assert "pas ouvert son service de notes" not in table
    assert "Yanis Belkacem" not in table  # never launched
    refreshed = staff.post(f"/submissions/{assignment}/grading/roster")
    assert refreshed.status_code == 303
    table = staff.get(f"/submissions/{assignment}/grading").text
    assert "Yanis Belkacem" in table
    assert "Léa Fontaine" in table
    assert '<th scope="row">Mathilde Garnier' not in table  # staff are not graded
    _grade_and_release(staff, assignment, _membership(app, "4"), "14")
    _grade_and_release(staff, assignment, _membership(app, "5"), "8,5")
    table = staff.get(f"/submissions/{assignment}/grading").text
    assert "en attente d'envoi" in table
    assert lms.worker() == 3  # the roster refresh the staff launch queued, 2 grades
    column = lms.ags.items[2]  # the launch's own line item: no duplicate column
    assert len(lms.ags.items) == 1
    assert column.grades["4"]["score"] == pytest.approx(70)
    assert column.grades["5"]["score"] == pytest.approx(42.5)
    assert column.grades["4"]["comment"] == "Bien."
    row = re.search(rf'<tr id="row-{_membership(app, "4")}">.*?</tr>',
                    staff.get(f"/submissions/{assignment}/grading").text, re.S)  # fmt: skip
    assert row is not None
    assert "envoyée" in row.group(0)
    assert "confirmée" in row.group(0)


def test_a_refused_grade_shows_why_and_can_be_resent(
    app: Flask, lms: Lms, assignment: int
) -> None:
    staff = lms.launch("3", INSTRUCTOR_ROLES)
    lms.launch("4", LEARNER_ROLES)
    # Moodle no longer counts student 4 as gradable: it answers 400.
    (member,) = [m for m in lms.ags.members if m["user_id"] == "4"]
    member["status"] = "Deleted"
    _grade_and_release(staff, assignment, _membership(app, "4"), "15")
    lms.worker()
    table = staff.get(f"/submissions/{assignment}/grading").text
    assert "échec" in table
    assert "refuse une note pour cette personne" in table or "Incorrect" in table
    found = re.search(r'action="(/submissions/\d+/grading/resend/(\d+))', table)
    assert found, table
    member["status"] = "Active"
    assert staff.post(urlsplit(found.group(1)).path).status_code == 303
    with app.app_context():  # the resend is in the audit trail, with who asked
        from lti_app.audit import AuditEntry
        from lti_app.extensions import db

        entry = db.session.query(AuditEntry).filter_by(action="grade.resent").one()
        assert (entry.actor_role, entry.details) == (
            "instructor", {"sync": int(found.group(2))})  # fmt: skip
    lms.worker()
    assert lms.ags.items[2].grades["4"]["score"] == pytest.approx(75)
    assert "envoyée" in staff.get(f"/submissions/{assignment}/grading").text
    assert (
        staff.post(f"/submissions/{assignment}/grading/resend/9999").status_code == 404
    )


def test_submission_review_opens_the_students_work(
    app: Flask, lms: Lms, assignment: int
) -> None:
    lms.launch("4", LEARNER_ROLES)
    lms.launch("5", LEARNER_ROLES)
    add_submission(app, assignment, _user(app, "4"), [("diapo.pdf", pdf())])
    staff = lms.review("3", INSTRUCTOR_ROLES, for_user="4")
    assert staff.status_code == 303, staff.text[:2000]
    path = urlsplit(staff.location).path
    assert path == f"/submissions/{assignment}/review/{_membership(app, '4')}"
    page = lms.launcher.client.get(staff.location)
    assert page.status_code == 200
    assert "diapo.pdf" in page.text
    own = lms.review("4", LEARNER_ROLES, for_user="4")
    assert own.status_code == 303
    assert urlsplit(own.location).path == path
    assert "diapo.pdf" in lms.launcher.client.get(own.location).text
    # A learner's review launch about someone else is refused at the launch...
    assert lms.review("5", LEARNER_ROLES, for_user="4").status_code == 403
    # ...and the page itself refuses another student's ordinary launch.
    other = lms.launch("5", LEARNER_ROLES)
    assert other.get(path).status_code == 404


def _user(app: Flask, sub: str) -> int:
    from lti_app.course.models import User
    from lti_app.extensions import db

    with app.app_context():
        return int(db.session.query(User).filter_by(sub=sub).one().id)
