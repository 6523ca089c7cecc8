"""The marking guide editor: create, reorder, add, remove, import, export, refuse."""

# The fixtures imported from grading_support are parameters of the same name.
# ruff: noqa: F811

from __future__ import annotations

import io
import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask

from tests.references.conftest import Browser
from tests.submissions.grading_support import (  # noqa: F401 - fixtures
    Course,
    NewAssignment,
    course,
    launch_as,
    new_assignment,
)
from tests.submissions.guide_support import (  # noqa: F401 - app fixture
    GRID,
    app,
    criteria_of,
    grade_by_criteria,
    post_guide,
    titles,
)
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES

NBSP = "\u00a0"
pytestmark = pytest.mark.backends


@pytest.fixture
def aid(course: Course, new_assignment: NewAssignment) -> int:
    return new_assignment(course.id, points=20.0)


def _import(browser: Browser, aid: int, data: bytes, name: str) -> Any:
    return browser.post(f"/submissions/{aid}/guide/import",
                        {"guide_file": (io.BytesIO(data), name)},
                        content_type="multipart/form-data")  # fmt: skip


def test_create_a_guide_in_the_editor(app: Flask, course: Course, aid: int) -> None:
    page = course.staff.get(f"/submissions/{aid}/guide")
    assert page.status_code == 200
    assert "Critère 1" in page.text
    saved = post_guide(course.staff, aid, GRID)
    assert saved.status_code == 303, saved.text[:3000]
    assert titles(app, aid) == [g["title"] for g in GRID]
    page = course.staff.get(f"/submissions/{aid}/guide").text
    assert "6 | Complète | Tout y est" in page
    assert "Les cinq éléments doivent apparaître." in page


def test_a_total_that_does_not_match_is_refused(
    app: Flask, course: Course, aid: int
) -> None:
    short = [dict(GRID[0]), dict(GRID[1])]  # 14 points of 20
    refused = post_guide(course.staff, aid, short)
    assert refused.status_code == 422
    assert "Le total des critères (14 points) doit être égal" in refused.text
    assert "(20)" in refused.text
    assert titles(app, aid) == []
    # What was typed is shown again, not lost.
    assert "Situer dans la grille de Lyet" in refused.text


def test_the_refusal_reads_in_english(
    app: Flask, launcher: Launcher, course: Course, aid: int
) -> None:
    english = Browser(app, app.test_client(use_cookies=False), launcher.launch_token(
        sub="3", name="Jeanne Prof3",
        **{"https://purl.imsglobal.org/spec/lti/claim/roles": INSTRUCTOR_ROLES,
           "https://purl.imsglobal.org/spec/lti/claim/context":
               {"id": "2", "title": "Cours 2", "type": ["CourseSection"]},
           "https://purl.imsglobal.org/spec/lti/claim/launch_presentation":
               {"locale": "en"}},
    ))  # fmt: skip
    refused = post_guide(english, aid, [dict(GRID[0])])
    assert refused.status_code == 422
    assert "The criteria add up to 6 points" in refused.text


def test_reorder_add_and_remove_without_script(
    app: Flask, course: Course, aid: int
) -> None:
    moved = post_guide(course.staff, aid, GRID, action="down-0")
    assert moved.status_code == 200
    text = moved.text
    assert text.index("Situer dans la grille de Lyet") < text.index(
        "Décrire la situation"
    )
    assert "Critère déplacé en position 2" in text
    assert titles(app, aid) == []  # a move is a draft until saved
    order = [GRID[1], GRID[0], GRID[2]]
    added = post_guide(course.staff, aid, order, action="add")
    assert 'id="criterion-3"' in added.text
    assert post_guide(course.staff, aid, order).status_code == 303
    assert titles(app, aid) == [GRID[1]["title"], GRID[0]["title"], GRID[2]["title"]]
    ids = [c[0] for c in criteria_of(app, aid)]
    # Moving up the last criterion, with its id kept: the same rows, reordered.
    posted = [{**c, "id": str(i)} for c, i in zip(order, ids, strict=True)]
    up = post_guide(course.staff, aid, posted, action="up-2")
    assert up.status_code == 200
    swapped = [posted[0], posted[2], posted[1]]
    assert post_guide(course.staff, aid, swapped).status_code == 303
    assert [c[0] for c in criteria_of(app, aid)] == [ids[0], ids[2], ids[1]]
    # Removing one leaves 14 of 20 points: the save is refused until fixed.
    removed = post_guide(course.staff, aid, swapped, action="delete-1")
    assert "Tensions et rapports de force" not in removed.text
    assert post_guide(course.staff, aid, [swapped[0], swapped[2]]).status_code == 422
    # A rubric's best level must be worth the criterion's points.
    bad = [swapped[0], {**swapped[2], "max_points": "12"}]
    assert "niveaux invalides" in post_guide(course.staff, aid, bad).text
    fixed = [{**swapped[0], "max_points": "14"}, swapped[2]]
    assert post_guide(course.staff, aid, fixed).status_code == 303
    assert criteria_of(app, aid) == [(ids[0], GRID[1]["title"], 14.0),
                                     (ids[1], GRID[0]["title"], 6.0)]  # fmt: skip


def test_export_then_import_both_formats(app: Flask, course: Course, aid: int,
                                         new_assignment: NewAssignment) -> None:  # fmt: skip
    assert post_guide(course.staff, aid, GRID).status_code == 303
    as_json = course.staff.get(f"/submissions/{aid}/guide.json")
    assert as_json.status_code == 200
    assert "attachment" in as_json.headers["Content-Disposition"]
    document = json.loads(as_json.data)
    assert [c["title"] for c in document["criteria"]] == [g["title"] for g in GRID]
    assert document["criteria"][0]["levels"][0] == {
        "title": "Complète", "points": 6.0, "description": "Tout y est"}  # fmt: skip
    as_csv = course.staff.get(f"/submissions/{aid}/guide.csv")
    assert as_csv.data.decode("utf-8-sig").startswith("title,student_description")
    for data, name in ((as_json.data, "grille.json"), (as_csv.data, "grille.csv")):
        other = new_assignment(course.id, points=20.0)
        imported = _import(course.staff, other, data, name)
        assert imported.status_code == 303, imported.text[:3000]
        assert [(t, p) for _i, t, p in criteria_of(app, other)] == [
            (g["title"], float(g["max_points"])) for g in GRID
        ]
        again = course.staff.get(f"/submissions/{other}/guide.json")
        assert json.loads(again.data)["criteria"] == document["criteria"]


HOSTILE = [
    (b"x" * (70 * 1024), "big.json", 413, "64 Ko"),
    (b"\xff\xfe\x00", "bad.csv", 415, "pas une grille lisible"),
    (b'{"criteria": "nope"}', "g.json", 415, "pas une grille lisible"),
    (b"[" * 5000 + b"]" * 5000, "deep.json", 415, "pas une grille lisible"),
    (b"[]", "empty.json", 422, "de 1 à 30 critères"),
    (json.dumps([{"title": "T", "max_points": 1}] * 31).encode(), "many.json", 422,
     "de 1 à 30 critères"),
    (b'[{"title": 3, "max_points": 20}]', "t.json", 422, "title"),
    (b'[{"title": "A\\u0000", "max_points": 20}]', "nul.json", 422, "title"),
    (b'[{"title": "A", "max_points": "NaN"}]', "n.json", 422, "max_points"),
    (b'[{"title": "A", "max_points": true}]', "b.json", 422, "max_points"),
    (b'[{"title": "A", "max_points": 20, "levels": [{"points": 30, "title": "x"}]}]',
     "l.json", 422, "niveaux invalides"),
    (b"title,max_points\nA,10\n", "short.csv", 422, "(10 points)"),
    (b"nom;points\nA;20\n", "other.csv", 415, "pas une grille lisible"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "name", "status", "message"), HOSTILE)
def test_hostile_imports_are_refused_with_a_reason(
    app: Flask, course: Course, aid: int, data: bytes, name: str, status: int,
    message: str,
) -> None:  # fmt: skip
    refused = _import(course.staff, aid, data, name)
    assert refused.status_code == status, refused.text[:3000]
    assert message.replace(" :", NBSP + ":") in refused.text.replace("&#39;", "'")
    assert titles(app, aid) == []


def test_a_points_change_that_breaks_the_guide_is_refused(
    app: Flask, course: Course, aid: int
) -> None:
    assert post_guide(course.staff, aid, GRID).status_code == 303
    form = course.staff.get(f"/submissions/{aid}/edit")
    assert form.status_code == 200
    data = {"title": "Situation", "timezone": "Europe/Paris", "accepted_kinds": "pdf",
            "max_mb": "20", "max_files": "1", "attempts_allowed": "0",
            "points": "25"}  # fmt: skip
    refused = course.staff.post(f"/submissions/{aid}/edit", data)
    assert refused.status_code == 422
    assert "Le total des critères (20 points)" in refused.text


def test_students_and_other_courses_never_reach_the_editor(
    app: Flask, launcher: Launcher, course: Course, aid: int
) -> None:
    assert post_guide(course.staff, aid, GRID).status_code == 303
    student = course.students["4"]
    for url in (f"/submissions/{aid}/guide", f"/submissions/{aid}/guide.json",
                f"/submissions/{aid}/guide/stats"):  # fmt: skip
        assert student.get(url).status_code == 403
    assert post_guide(student, aid, GRID).status_code == 403
    other = launch_as(app, launcher, "9", INSTRUCTOR_ROLES, context_id="7")
    for url in (f"/submissions/{aid}/guide", f"/submissions/{aid}/guide.csv",
                f"/submissions/{aid}/guide/stats"):  # fmt: skip
        assert other.get(url).status_code == 404
    assert post_guide(other, aid, GRID).status_code == 404
    assert other.post(f"/submissions/{aid}/guide/delete").status_code == 404
    assert len(titles(app, aid)) == 3


def test_the_bank_can_be_pruned_by_its_own_course_only(
    app: Flask, launcher: Launcher, course: Course, aid: int,
    new_assignment: NewAssignment,
) -> None:  # fmt: skip
    assert post_guide(course.staff, aid, GRID).status_code == 303
    ids = [c[0] for c in criteria_of(app, aid)]
    saved = grade_by_criteria(course.staff, aid, course.membership_id("4"), ids,
                              ["6", "8", "6"], ["", "À reprendre.", ""])  # fmt: skip
    assert saved.status_code == 303
    page = course.staff.get(f"/submissions/{aid}/guide").text
    found = re.search(r'action="(/submissions/\d+/guide/bank/(\d+)/delete)', page)
    assert found is not None
    assert "À reprendre." in page
    assert "1 note par critère est déjà enregistrée" not in page  # 3 of them
    assert "3 notes par critère sont déjà enregistrées" in page
    entry = found.group(2)
    # Through another assignment (even of the same course), or another course: 404.
    mine = new_assignment(course.id, points=20.0)
    assert course.staff.post(f"/submissions/{mine}/guide/bank/{entry}/delete"
                             ).status_code == 404  # fmt: skip
    other = launch_as(app, launcher, "9", INSTRUCTOR_ROLES, context_id="7")
    assert (
        other.post(f"/submissions/{aid}/guide/bank/{entry}/delete").status_code == 404
    )
    assert "À reprendre." in course.staff.get(f"/submissions/{aid}/guide").text
    done = course.staff.post(urlsplit(found.group(1)).path)
    assert done.status_code == 303
    assert "À reprendre." not in course.staff.get(f"/submissions/{aid}/guide").text
