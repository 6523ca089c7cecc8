"""The assignment page shows the released grade where the student looks, and
offers another version only while the assignment allows one."""

# The fixtures imported from grading_support are parameters of the same name.
# ruff: noqa: F811

from __future__ import annotations

import io
import re

from flask import Flask

from tests.submissions.files import pdf
from tests.submissions.grading_support import (  # noqa: F401 - fixtures
    Course,
    NewAssignment,
    add_submission,
    course,
    new_assignment,
)
from tests.submissions.guide_support import criteria_of, give_guide, grade_by_criteria

REPLACE = "Remplacer par une nouvelle version"


def _grade_part(html: str) -> str:
    match = re.search(
        r'<section aria-labelledby="grade-title".*?</section>', html, re.S
    )
    return match.group(0) if match else ""


def test_the_grade_feedback_and_file_show_once_released(
    app: Flask, course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id)
    add_submission(app, aid, course.user_id("4"), [("dossier.pdf", pdf())])
    mid = course.membership_id("4")
    student = course.students["4"]
    saved = course.staff.post(
        f"/submissions/{aid}/grading/{mid}",
        {"score": "14", "feedback": "**Point fort** : la démarche.",
         "feedback_file": (io.BytesIO(pdf()), "retour.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert saved.status_code == 303, saved.text[:2000]
    before = student.get(f"/submissions/{aid}").text
    assert _grade_part(before) == ""
    assert "Point fort" not in before
    assert "retour.pdf" not in before
    assert 'id="released-grade"' not in before
    assert course.staff.post(f"/submissions/{aid}/grading/release").status_code == 303
    after = _grade_part(student.get(f"/submissions/{aid}").text)
    assert re.search(r'id="released-grade">[^<]*14 / 20<', after)
    assert "<strong>Point fort</strong>" in after
    link = re.search(r'href="([^"]*/grade/feedback-file[^"]*)">retour.pdf</a>', after)
    assert link is not None
    download = student.get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF")
    download.close()
    other = course.students["5"].get(f"/submissions/{aid}").text
    assert _grade_part(other) == ""
    assert "Point fort" not in other


def test_the_criterion_results_show_on_the_assignment_page(
    app: Flask, course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id)
    give_guide(app, aid)
    ids = [c[0] for c in criteria_of(app, aid)]
    add_submission(app, aid, course.user_id("4"), [("dossier.pdf", pdf())])
    saved = grade_by_criteria(
        course.staff, aid, course.membership_id("4"), ids, ["3", "6", "4"],
        ["Qui et quand manquent.", "", ""], score="20",
    )  # fmt: skip
    assert saved.status_code == 303, saved.text[:2000]
    page = course.students["4"].get(f"/submissions/{aid}").text
    assert 'id="guide-results"' not in _grade_part(page)
    course.staff.post(f"/submissions/{aid}/grading/release")
    shown = _grade_part(course.students["4"].get(f"/submissions/{aid}").text)
    assert 'id="guide-results"' in shown
    assert "Qui et quand manquent." in shown


def test_another_version_only_while_attempts_remain(
    app: Flask, course: Course, new_assignment: NewAssignment
) -> None:
    once = new_assignment(course.id, attempts_allowed=1)
    twice = new_assignment(course.id, attempts_allowed=2)
    free = new_assignment(course.id, attempts_allowed=0)
    for aid in (once, twice, free):
        add_submission(app, aid, course.user_id("4"), [("dossier.pdf", pdf())])
    student = course.students["4"]
    used = student.get(f"/submissions/{once}").text
    assert REPLACE not in used
    assert 'id="dropoff"' not in used
    assert "Ce devoir autorise 1 remise\u00a0: vous l’avez utilisée." in used
    assert REPLACE in student.get(f"/submissions/{twice}").text
    assert REPLACE in student.get(f"/submissions/{free}").text
    assert (
        "Déposer votre travail" in course.students["5"].get(f"/submissions/{once}").text
    )
