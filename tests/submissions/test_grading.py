"""Grading: the roster table, scores, feedback, release, and who may see what."""

# The fixtures imported from grading_support are parameters of the same name.
# ruff: noqa: F811

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from lti_app.course.roster import RosterEntry
from lti_app.extensions import db
from tests.references.conftest import Browser
from tests.submissions.files import pdf
from tests.submissions.grading_support import (  # noqa: F401 - fixtures
    Course,
    NewAssignment,
    add_submission,
    course,
    fetch,
    launch_as,
    new_assignment,
)
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES


def _grade(browser: Browser, aid: int, mid: int, score: str, feedback: str = "",
           **extra: object) -> TestResponse:  # fmt: skip
    return browser.post(f"/submissions/{aid}/grading/{mid}",
                        {"score": score, "feedback": feedback, **extra},
                        content_type="multipart/form-data")  # fmt: skip


def _release_all(browser: Browser, aid: int) -> TestResponse:
    return browser.post(f"/submissions/{aid}/grading/release")


@pytest.fixture
def graded(app: Flask, course: Course, new_assignment: NewAssignment) -> int:
    """An assignment where student 4 sent a PDF and 5 sent nothing."""
    aid = new_assignment(course.id)
    add_submission(app, aid, course.user_id("4"), [("diapo.pdf", pdf())])
    return aid


def test_table_lists_who_has_not_submitted(course: Course, graded: int) -> None:
    page = course.staff.get(f"/submissions/{graded}/grading")
    assert page.status_code == 200
    for name in ("Inès Moreau", "Lucas Bernard", "Chloé Lefèvre"):
        assert name in page.text
    assert "rien déposé" in page.text
    missing = course.staff.get(f"/submissions/{graded}/grading?show=missing").text
    assert "Lucas Bernard" in missing
    assert "Inès Moreau" not in missing
    sent = course.staff.get(f"/submissions/{graded}/grading?show=ungraded").text
    assert "Inès Moreau" in sent
    assert "Lucas Bernard" not in sent


@pytest.mark.parametrize("status", ["Inactive", "Deleted", "Absent"])
def test_students_no_longer_enrolled_are_left_out_unless_they_sent_work(
    app: Flask, course: Course, graded: int, status: str
) -> None:
    with app.app_context():
        for sub in ("4", "5"):  # 4 sent a PDF, 5 sent nothing
            db.session.add(
                RosterEntry(membership_id=course.membership_id(sub), status=status)
            )
        db.session.commit()
    page = course.staff.get(f"/submissions/{graded}/grading").text
    assert "Inès Moreau" in page
    assert "Lucas Bernard" not in page
    assert "Chloé Lefèvre" in page  # never refreshed: still listed


def test_late_filter(app: Flask, course: Course, new_assignment: NewAssignment) -> None:
    aid = new_assignment(course.id)
    add_submission(app, aid, course.user_id("4"), [("a.pdf", pdf())], late=True)
    add_submission(app, aid, course.user_id("5"), [("b.pdf", pdf())])
    late = course.staff.get(f"/submissions/{aid}/grading?show=late").text
    assert "Inès Moreau" in late
    assert "Lucas Bernard" not in late


@pytest.mark.parametrize("score", ["25", "-1", "abc", "nan", "1e400"])
def test_score_is_checked_against_points(course: Course, graded: int,
                                         score: str) -> None:  # fmt: skip
    response = _grade(course.staff, graded, course.membership_id("4"), score)
    assert response.status_code == 400
    assert "La note doit être un nombre entre 0 et 20" in response.text


def test_grade_waits_in_queue_until_released(course: Course, graded: int) -> None:
    mid = course.membership_id("4")
    student = course.students["4"]
    response = _grade(course.staff, graded, mid, "15,5",
                      "**Bien**<script>alert(1)</script> [x](javascript:alert(1))")  # fmt: skip
    assert response.status_code == 303
    queued = course.staff.get(f"/submissions/{graded}/grading?show=queued").text
    assert "Inès Moreau" in queued
    assert "en attente de publication" in queued
    hidden = student.get(f"/submissions/{graded}/grade")
    assert "15,5 / 20" not in hidden.text
    assert "Bien" not in hidden.text
    assert "pas encore publiée" in hidden.text
    assert _release_all(course.staff, graded).status_code == 303
    shown = student.get(f"/submissions/{graded}/grade").text
    assert "15,5 / 20" in shown
    assert "<strong>Bien</strong>" in shown
    assert "<script>alert" not in shown
    assert 'href="javascript' not in shown
    other = course.students["5"].get(f"/submissions/{graded}/grade").text
    assert "15,5 / 20" not in other
    assert "Bien" not in other


def test_regrading_a_released_grade_puts_it_back_in_the_queue(
    course: Course, graded: int
) -> None:
    mid = course.membership_id("4")
    _grade(course.staff, graded, mid, "12")
    _release_all(course.staff, graded)
    _grade(course.staff, graded, mid, "14")
    assert (
        "pas encore publiée"
        in course.students["4"].get(f"/submissions/{graded}/grade").text
    )
    assert _release_all(course.staff, graded).status_code == 303
    assert "14 / 20" in course.students["4"].get(f"/submissions/{graded}/grade").text


def test_release_one_and_empty_queue(course: Course, graded: int) -> None:
    _grade(course.staff, graded, course.membership_id("4"), "10")
    _grade(course.staff, graded, course.membership_id("5"), "0")
    one = course.staff.post(
        f"/submissions/{graded}/grading/{course.membership_id('5')}/release"
    )
    assert one.status_code == 303
    assert "0 / 20" in course.students["5"].get(f"/submissions/{graded}/grade").text
    assert "pas encore" in course.students["4"].get(f"/submissions/{graded}/grade").text
    _release_all(course.staff, graded)
    empty = _release_all(course.staff, graded)
    assert empty.status_code == 409
    assert "Aucune note" in empty.text


def test_feedback_file_only_after_release(course: Course, graded: int) -> None:
    mid = course.membership_id("4")
    data = pdf(2)
    response = _grade(course.staff, graded, mid, "11", "Voir le fichier.",
                      feedback_file=(io.BytesIO(data), "Retour Inès.pdf"))  # fmt: skip
    assert response.status_code == 303, response.text[:1000]
    url = f"/submissions/{graded}/grade/feedback-file"
    assert course.students["4"].get(url).status_code == 404
    _release_all(course.staff, graded)
    got = fetch(course.students["4"], url)
    assert got.status_code == 200
    assert got.data == data
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert course.students["5"].get(url).status_code == 404


def test_feedback_file_checked_by_content(course: Course, graded: int) -> None:
    response = _grade(course.staff, graded, course.membership_id("4"), "11",
                      feedback_file=(io.BytesIO(b"MZ\x90\x00evil"), "retour.pdf"))  # fmt: skip
    assert response.status_code == 415
    assert "Fichier de retour refusé" in response.text


def test_students_cannot_grade_nor_see_the_table(course: Course, graded: int) -> None:
    student = course.students["4"]
    mid = course.membership_id("4")
    for url in (f"/submissions/{graded}/grading", f"/submissions/{graded}/grading/{mid}",
                f"/submissions/{graded}/grading/archive.zip",
                f"/submissions/{graded}/grading/grades.csv",
                f"/submissions/{graded}/grading/{mid}/feedback-file"):  # fmt: skip
        assert student.get(url).status_code == 403, url
    assert _grade(student, graded, mid, "20").status_code == 403
    assert _release_all(student, graded).status_code == 403
    assert (
        student.post(f"/submissions/{graded}/grading/{mid}/release").status_code == 403
    )


def test_student_cannot_download_or_preview_anothers_file(
    app: Flask, course: Course, graded: int
) -> None:
    data = pdf()
    (fid,) = add_submission(app, graded, course.user_id("5"), [("lucas.pdf", data)])
    owner, other = course.students["5"], course.students["4"]
    assert fetch(owner, f"/submissions/files/{fid}").status_code == 200
    assert other.get(f"/submissions/files/{fid}").status_code == 404
    assert other.get(f"/submissions/files/{fid + 1000}").status_code == 404
    preview = f"/submissions/{graded}/grading/files/{fid}/preview"
    assert other.get(preview).status_code == 403
    assert owner.get(preview).status_code == 403
    shown = fetch(course.staff, preview)
    assert shown.status_code == 200
    assert shown.data == data
    assert shown.headers["Content-Type"] == "application/pdf"
    assert shown.headers["Content-Disposition"].startswith("inline")
    policy = shown.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    # Framed by the grading page, itself framed by the LMS: both must be allowed.
    assert policy.count("frame-ancestors") == 1
    assert "frame-ancestors 'self' https://moodle.example.test" in policy
    assert shown.headers["X-Content-Type-Options"] == "nosniff"


def test_preview_only_for_pdf_of_that_assignment(
    app: Flask, course: Course, graded: int, new_assignment: NewAssignment
) -> None:
    (pptx,) = add_submission(
        app, graded, course.user_id("5"), [("l.pptx", b"PK\x03\x04")]
    )
    assert (
        course.staff.get(
            f"/submissions/{graded}/grading/files/{pptx}/preview"
        ).status_code
        == 404
    )
    other = new_assignment(course.id)
    (pdf_id,) = add_submission(app, other, course.user_id("6"), [("c.pdf", pdf())])
    assert (
        course.staff.get(
            f"/submissions/{graded}/grading/files/{pdf_id}/preview"
        ).status_code
        == 404
    )


def test_another_courses_assignment_is_404(
    app: Flask, course: Course, graded: int, launcher: Launcher
) -> None:
    outsider = launch_as(app, launcher, "30", INSTRUCTOR_ROLES, context_id="99")
    for url in (f"/submissions/{graded}/grading",
                f"/submissions/{graded}/grading/{course.membership_id('4')}",
                f"/submissions/{graded}/grading/archive.zip"):  # fmt: skip
        assert outsider.get(url).status_code == 404, url
    stranger = launch_as(app, launcher, "31", LEARNER_ROLES, context_id="99")
    assert stranger.get(f"/submissions/{graded}/grade").status_code == 404


def test_membership_of_another_course_is_404(
    app: Flask, course: Course, graded: int, launcher: Launcher
) -> None:
    launch_as(app, launcher, "40", LEARNER_ROLES, context_id="99")
    foreign = _membership(app, "40")
    assert (
        course.staff.get(f"/submissions/{graded}/grading/{foreign}").status_code == 404
    )


def _membership(app: Flask, sub: str) -> int:
    from lti_app.course.models import Membership, User
    from lti_app.extensions import db

    with app.app_context():
        user = db.session.query(User).filter_by(sub=sub).one()
        return int(db.session.query(Membership).filter_by(user_id=user.id).one().id)


def test_csrf_is_required(course: Course, graded: int) -> None:
    response = course.staff.post(f"/submissions/{graded}/grading/release", csrf=False)
    assert response.status_code == 400


def test_grade_page_shows_the_work(course: Course, graded: int) -> None:
    page = course.staff.get(
        f"/submissions/{graded}/grading/{course.membership_id('4')}"
    )
    assert page.status_code == 200
    assert "diapo.pdf" in page.text
    assert re.search(r"<iframe[^>]+/grading/files/\d+/preview", page.text)


def test_without_the_lms_grade_service_the_page_points_to_csv(
    course: Course, graded: int
) -> None:
    # These launches carried no AGS claim: grades cannot reach the LMS.
    page = course.staff.get(f"/submissions/{graded}/grading").text
    assert "pas ouvert son service de notes" in page
    assert "grades.csv" in page
