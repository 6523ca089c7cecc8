"""Grading by criterion: what students see and when, the server's total, the bank,
blind marking, the CSV export, statistics, and foreign ids."""

# The fixtures imported from grading_support are parameters of the same name.
# ruff: noqa: F811

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlsplit

import pytest
from flask import Flask

from lti_app.extensions import db
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.guide_models import BankComment, CriterionScore
from tests.references.conftest import course_id_of
from tests.submissions.files import pdf
from tests.submissions.grading_support import (  # noqa: F401 - fixtures
    Course,
    NewAssignment,
    add_submission,
    course,
    launch_as,
    new_assignment,
)
from tests.submissions.guide_support import (
    app,  # noqa: F401 - fixture
    criteria_of,
    give_guide,
    grade_by_criteria,
)
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES

NBSP = "\u00a0"
pytestmark = pytest.mark.backends


@pytest.fixture
def guided(app: Flask, course: Course, new_assignment: NewAssignment) -> int:
    aid = new_assignment(course.id, points=20.0)
    give_guide(app, aid)
    return aid


def _ids(app: Flask, aid: int) -> list[int]:
    return [c[0] for c in criteria_of(app, aid)]


def _grade_row(app: Flask, aid: int, user_id: int) -> Grade | None:
    with app.app_context():
        return db.session.query(Grade).filter_by(assignment_id=aid,
                                                  user_id=user_id).one_or_none()  # fmt: skip


def test_students_see_the_criteria_before_and_after_sending(
    app: Flask, course: Course, guided: int
) -> None:
    student = course.students["4"]
    before = student.get(f"/submissions/{guided}").text
    assert "Grille d’évaluation" in before
    assert "Décrire la situation" in before
    assert "Qui, où, quand, comment, pourquoi." in before
    assert "(6 points)" in before
    assert "<strong>Partielle</strong> (3)" in before
    assert "Les cinq éléments doivent apparaître." not in before  # markers only
    add_submission(app, guided, course.user_id("4"), [("diapo.pdf", pdf())])
    after = student.get(f"/submissions/{guided}").text
    assert "Situer dans la grille de Lyet" in after
    assert "Origine et forme du partenariat." in after


def test_the_total_is_the_servers_and_results_wait_for_release(
    app: Flask, course: Course, guided: int
) -> None:
    ids = _ids(app, guided)
    mid, student = course.membership_id("4"), course.students["4"]
    saved = grade_by_criteria(course.staff, guided, mid, ids, ["6", "5,5", "4"],
                              ["Complet.", "Lyet bien mobilisé.", "Peu de tensions."],
                              score="20", feedback="Bon travail.")  # fmt: skip
    assert saved.status_code == 303, saved.text[:3000]
    grade = _grade_row(app, guided, course.user_id("4"))
    assert grade is not None
    assert grade.score == 15.5  # the criteria added, never the posted "score"
    assert grade.released_at is None
    held = student.get(f"/submissions/{guided}/grade").text
    assert "Lyet bien mobilisé." not in held
    assert "15,5" not in held  # French pages write a decimal comma
    review = student.get(f"/submissions/{guided}/review/{mid}").text
    assert "Lyet bien mobilisé." not in review
    staff_view = course.staff.get(f"/submissions/{guided}/grading/{mid}").text
    assert "Lyet bien mobilisé." in staff_view
    assert "Total enregistré" in staff_view
    assert (
        course.staff.post(f"/submissions/{guided}/grading/release").status_code == 303
    )
    shown = student.get(f"/submissions/{guided}/grade").text
    table = re.search(r'<table class="guide-results".*?</table>', shown, re.S)
    assert table is not None
    assert "Lyet bien mobilisé." in table.group(0)
    assert "5,5" in table.group(0)
    assert "(Complète)" in table.group(0)
    assert "15,5" in table.group(0)
    assert "Bon travail." in shown
    assert "Lyet bien mobilisé." in student.get(
        f"/submissions/{guided}/review/{mid}").text  # fmt: skip


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        (["4", "5", "4"], "« Décrire la situation »"),  # not one of its levels
        (["6", "9", "4"], "entre 0 et 8"),
        (["6", "-1", "4"], "entre 0 et 8"),
        (["6", "nan", "4"], "entre 0 et 8"),
        (["6", "abc", "4"], "entre 0 et 8"),
    ],
)
def test_bad_criterion_scores_are_refused(
    app: Flask, course: Course, guided: int, scores: list[str], message: str
) -> None:
    mid = course.membership_id("4")
    refused = grade_by_criteria(course.staff, guided, mid, _ids(app, guided), scores,
                                ["", "Gardé.", ""])  # fmt: skip
    assert refused.status_code == 400
    assert message.replace("« ", "«" + NBSP).replace(" »", NBSP + "»") in refused.text
    assert "Gardé." in refused.text  # what the marker typed comes back
    assert _grade_row(app, guided, course.user_id("4")) is None


def test_an_incomplete_grid_has_no_total_yet(
    app: Flask, course: Course, guided: int
) -> None:
    mid = course.membership_id("4")
    saved = grade_by_criteria(course.staff, guided, mid, _ids(app, guided),
                              ["6", "", "3"])  # fmt: skip
    assert saved.status_code == 303
    grade = _grade_row(app, guided, course.user_id("4"))
    assert grade is not None
    assert grade.score is None
    table = course.staff.get(f"/submissions/{guided}/grading?show=queued").text
    assert "Inès Moreau" not in table


def test_the_comment_bank_grows_and_is_reused(
    app: Flask, course: Course, guided: int
) -> None:
    ids = _ids(app, guided)
    first, second = course.membership_id("4"), course.membership_id("5")
    comments = ["", "Grille de Lyet citée mais pas appliquée.", ""]
    grade_by_criteria(course.staff, guided, first, ids, ["6", "4", "4"], comments)
    page = course.staff.get(f"/submissions/{guided}/grading/{second}").text
    button = re.search(r'<button type="submit" name="bank_use" value="(\d+)"[^>]*'
                       r'data-target="criterion-(\d+)-comment"', page)  # fmt: skip
    assert button is not None
    assert int(button.group(2)) == ids[1]
    assert "Grille de Lyet citée mais pas appliquée." in page
    # Without script, the button brings the page back with the comment in place.
    used = grade_by_criteria(course.staff, guided, second, ids, ["3", "", ""],
                             ["", "Et aussi :", ""], bank_use=button.group(1))  # fmt: skip
    assert used.status_code == 200
    field = re.search(rf'<textarea id="criterion-{ids[1]}-comment"[^>]*>(.*?)</textarea>',
                      used.text, re.S)  # fmt: skip
    assert field is not None
    assert field.group(1) == "Et aussi :\nGrille de Lyet citée mais pas appliquée."
    assert _grade_row(app, guided, course.user_id("5")) is None  # not saved
    # Saved edited, it is a second entry; saved as is, the first counts twice.
    grade_by_criteria(course.staff, guided, second, ids, ["3", "4", "2"],
                      ["", comments[1], ""])  # fmt: skip
    with app.app_context():
        bank = db.session.query(BankComment).filter_by(criterion_id=ids[1]).all()
        assert [(b.text, b.uses) for b in bank] == [(comments[1], 2)]


def test_save_and_next_opens_the_next_student(
    app: Flask, course: Course, guided: int
) -> None:
    ids = _ids(app, guided)
    # The table's order is by family name: Bernard, Lefèvre, Moreau.
    order = [course.membership_id(s) for s in ("5", "6", "4")]
    saved = grade_by_criteria(course.staff, guided, order[0], ids, ["6", "8", "6"],
                              then="next")  # fmt: skip
    assert saved.status_code == 303
    path = urlsplit(saved.location).path
    assert path == f"/submissions/{guided}/grading/{order[1]}"
    last = grade_by_criteria(course.staff, guided, order[2], ids, ["0", "0", "0"],
                             then="next")  # fmt: skip
    assert urlsplit(last.location).path == f"/submissions/{guided}/grading"


def test_blind_marking_holds_criterion_scores_until_the_release(
    app: Flask, course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id, points=20.0, blind_marking=True)
    give_guide(app, aid)
    ids, mid = _ids(app, aid), course.membership_id("6")
    assert grade_by_criteria(course.staff, aid, mid, ids, ["3", "7", "5"],
                             ["", "Lyet : très juste.", ""]).status_code == 303  # fmt: skip
    page = course.staff.get(f"/submissions/{aid}/grading/{mid}").text
    assert "Chloé Lefèvre" not in page
    refused = course.staff.post(f"/submissions/{aid}/grading/{mid}/release")
    assert refused.status_code == 409
    student = course.students["6"]
    for url in (f"/submissions/{aid}/grade", f"/submissions/{aid}/review/{mid}"):
        text = student.get(url).text
        assert "Lyet : très juste." not in text
        assert 'class="guide-results"' not in text
    exported = course.staff.get(f"/submissions/{aid}/grading/grades.csv")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][-3:] == ["Décrire la situation (/6)",
                            "Situer dans la grille de Lyet (/8)",
                            "Tensions et rapports de force (/6)"]  # fmt: skip
    assert all(row[-3:] == ["", "", ""] for row in rows[1:])
    assert course.staff.post(f"/submissions/{aid}/grading/release").status_code == 303
    assert "Lyet : très juste." in student.get(f"/submissions/{aid}/grade").text
    exported = course.staff.get(f"/submissions/{aid}/grading/grades.csv")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    (released,) = [row for row in rows[1:] if row[4]]
    assert released[4] == "15"
    assert released[-3:] == ["3", "7", "5"]


def test_statistics_show_each_criterions_spread(
    app: Flask, course: Course, guided: int
) -> None:
    ids = _ids(app, guided)
    for sub, scores in (("4", ["6", "8", "6"]), ("5", ["3", "2", "6"]),
                        ("6", ["3", "1", "0"])):  # fmt: skip
        grade_by_criteria(course.staff, guided, course.membership_id(sub), ids, scores)
    page = course.staff.get(f"/submissions/{guided}/guide/stats").text
    section = re.search(rf'id="spread-{ids[0]}-title".*?</section>', page, re.S)
    assert section is not None
    assert "3 copies notées, moyenne 4 sur 6." in section.group(0)
    assert '<svg class="spread-chart" role="img"' in section.group(0)
    cells = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>',
                       section.group(0))  # fmt: skip
    assert cells == [
        ("Absente (0)", "0"),
        ("Partielle (3)", "2"),
        ("Complète (6)", "1"),
    ]
    lyet = re.search(rf'id="spread-{ids[1]}-title".*?</section>', page, re.S)
    assert lyet is not None
    assert re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>',
                      lyet.group(0)) == [
        ("0 à moins de 2", "1"), ("2 à moins de 4", "1"), ("4 à moins de 6", "0"),
        ("6 à 8", "1"),
    ]  # fmt: skip


def test_foreign_ids_never_reach_scores(
    app: Flask, launcher: Launcher, course: Course, guided: int,
    new_assignment: NewAssignment,
) -> None:  # fmt: skip
    ids, mid = _ids(app, guided), course.membership_id("4")
    grade_by_criteria(course.staff, guided, mid, ids, ["6", "8", "6"],
                      ["", "Secret de correction.", ""])  # fmt: skip
    # Another course's teacher: the assignment, the student, the bank are not theirs.
    other = launch_as(app, launcher, "9", INSTRUCTOR_ROLES, context_id="7")
    assert other.get(f"/submissions/{guided}/grading/{mid}").status_code == 404
    assert (
        grade_by_criteria(other, guided, mid, ids, ["0", "0", "0"]).status_code == 404
    )
    theirs = new_assignment(course_id_of(app, "7"), points=20.0)
    give_guide(app, theirs)
    foreign = _ids(app, theirs)
    outsider = launch_as(app, launcher, "10", LEARNER_ROLES, context_id="7")
    their_mid = _membership(app, "10")
    # Our criteria posted on their grade change nothing there...
    grade_by_criteria(other, theirs, their_mid, foreign + ids,
                      ["6", "8", "6", "0", "0", "0"])  # fmt: skip
    with app.app_context():
        ours = db.session.query(CriterionScore).filter(
            CriterionScore.criterion_id.in_(ids)).all()  # fmt: skip
        assert sorted(s.score for s in ours) == [6.0, 6.0, 8.0]
        bank_ids = [b.id for b in db.session.query(BankComment).all()
                    if b.criterion_id in ids]  # fmt: skip
    # ...and our bank's entries cannot be pulled into their page.
    pulled = grade_by_criteria(other, theirs, their_mid, foreign, ["", "", ""],
                               bank_use=str(bank_ids[0]))  # fmt: skip
    assert pulled.status_code == 404
    # A student sees only their own criterion results, never another's.
    course.staff.post(f"/submissions/{guided}/grading/release")
    peer = course.students["5"]
    assert peer.get(f"/submissions/{guided}/review/{mid}").status_code == 404
    assert "Secret de correction." not in peer.get(f"/submissions/{guided}/grade").text
    assert outsider.get(f"/submissions/{guided}/grade").status_code == 404


def _membership(app: Flask, sub: str) -> int:
    from lti_app.course.models import Course as CourseRow
    from lti_app.course.models import Membership, User

    with app.app_context():
        user = db.session.query(User).filter_by(sub=sub).one()
        course = db.session.query(CourseRow).filter_by(context_id="7").one()
        return int(db.session.query(Membership).filter_by(
            user_id=user.id, course_id=course.id).one().id)  # fmt: skip
