"""Grading files: the streamed zip, bulk feedback, CSV export, blind marking."""

# The fixtures imported from grading_support are parameters of the same name.
# ruff: noqa: F811

from __future__ import annotations

import csv
import io
import os
import tracemalloc
import zipfile
from collections.abc import Callable

from flask import Flask

from lti_app.submissions.zipstream import Entry, stream_zip, unique_paths
from tests.submissions.files import pdf
from tests.submissions.grading_support import (  # noqa: F401 - fixtures
    Course,
    NewAssignment,
    add_submission,
    course,
    fetch,
    new_assignment,
)


def _zip_of(course: Course, aid: int) -> zipfile.ZipFile:
    response = fetch(course.staff, f"/submissions/{aid}/grading/archive.zip")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_zip_has_one_folder_per_student(
    app: Flask, course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id)
    a, b = pdf(1), pdf(2)
    add_submission(app, aid, course.user_id("4"), [("diapo.pdf", a), ("diapo.pdf", b)])
    add_submission(
        app, aid, course.user_id("6"), [("Mon travail.pptx", b"PK\x03\x04x")]
    )
    add_submission(
        app, aid, course.user_id("5"), [("brouillon.pdf", a)], status="draft"
    )
    archive = _zip_of(course, aid)
    assert archive.testzip() is None
    names = sorted(archive.namelist())
    assert names == [
        "Lefèvre_Chloé_6/Mon travail.pptx",
        "Moreau_Inès_4/diapo (2).pdf",
        "Moreau_Inès_4/diapo.pdf",
    ]
    assert archive.read("Moreau_Inès_4/diapo.pdf") == a
    assert archive.read("Moreau_Inès_4/diapo (2).pdf") == b
    # UTF-8 names are flagged as such, so every unzip shows the accents.
    assert all(info.flag_bits & 0x800 for info in archive.infolist())


def test_zip_folder_names_are_safe(
    app: Flask, course: Course, new_assignment: NewAssignment
) -> None:
    from lti_app.course.models import User
    from lti_app.extensions import db

    with app.app_context():
        user = db.session.query(User).filter_by(sub="5").one()
        user.family_name, user.given_name = "../../etc", "a/b\\c\u202e"
        db.session.commit()
    aid = new_assignment(course.id)
    add_submission(app, aid, course.user_id("5"), [("x.pdf", pdf())])
    (name,) = _zip_of(course, aid).namelist()
    folder, file = name.split("/")
    assert file == "x.pdf"
    assert folder.endswith("_5")
    assert ".." not in folder
    assert "\\" not in folder
    assert "\u202e" not in folder


def test_zip_is_streamed_in_bounded_memory(tmp_path: os.PathLike[str]) -> None:
    """Eight 4 MiB files: the archive is never held whole in memory."""
    size, count = 4 * 1024 * 1024, 8
    paths = []
    for n in range(count):
        path = os.path.join(tmp_path, f"f{n}")
        with open(path, "wb") as handle:
            handle.write(os.urandom(size))
        paths.append(path)
    from datetime import datetime

    entries = [Entry(f"d{n}/f.pdf", p, size, datetime(2026, 1, 1))
               for n, p in enumerate(paths)]  # fmt: skip
    tracemalloc.start()
    total, biggest = 0, 0
    for chunk in stream_zip(entries, lambda key: open(key, "rb")):  # noqa: SIM115
        total += len(chunk)
        biggest = max(biggest, len(chunk))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total > size * count
    assert biggest <= 1024 * 1024 + 4096
    assert peak < 6 * 1024 * 1024, peak


def test_unique_paths() -> None:
    assert unique_paths(["a/x.pdf", "a/X.pdf", "a/x.pdf", "b/x.pdf", "a/r"]) == [
        "a/x.pdf", "a/X (2).pdf", "a/x (3).pdf", "b/x.pdf", "a/r",
    ]  # fmt: skip


def _bulk(course: Course, aid: int, files: dict[str, bytes]) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    response = course.staff.post(
        f"/submissions/{aid}/grading/feedback-archive",
        {"archive": (io.BytesIO(buffer.getvalue()), "retours.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.text[:2000]
    return response.text


def test_bulk_feedback_matches_by_id_and_reports_the_rest(
    app: Flask, course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id)
    add_submission(app, aid, course.user_id("4"), [("diapo.pdf", pdf())])
    retour = pdf(3)
    text = _bulk(course, aid, {
        "Moreau_Inès_4/retour.pdf": retour,
        "Bernard_Lucas_5/retour.exe": b"MZ\x90\x00",
        "Inconnu_Personne_999/retour.pdf": pdf(),
        "sans-dossier.pdf": pdf(),
        "__MACOSX/._x": b"junk",
    })  # fmt: skip
    assert "1 fichier de retour associé" in text
    assert "Inès Moreau : retour.pdf" in text
    assert "Inconnu_Personne_999/retour.pdf" in text
    assert "sans-dossier.pdf" in text
    assert "Bernard_Lucas_5/retour.exe" in text
    assert "refusé" in text
    assert "__MACOSX" not in text
    mid = course.membership_id("4")
    staff_copy = fetch(course.staff, f"/submissions/{aid}/grading/{mid}/feedback-file")
    assert staff_copy.data == retour
    # A feedback file alone is no grade: nothing to release, nothing shown.
    assert fetch(course.students["4"],
                 f"/submissions/{aid}/grade/feedback-file").status_code == 404  # fmt: skip


def test_bulk_feedback_refuses_a_non_zip(
    course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id)
    response = course.staff.post(
        f"/submissions/{aid}/grading/feedback-archive",
        {"archive": (io.BytesIO(b"not a zip"), "retours.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "zip lisible" in response.text


def _csv(course: Course, aid: int) -> list[list[str]]:
    response = fetch(course.staff, f"/submissions/{aid}/grading/grades.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _grade(course: Course, aid: int, sub: str, score: str, feedback: str = "") -> None:
    response = course.staff.post(
        f"/submissions/{aid}/grading/{course.membership_id(sub)}",
        {"score": score, "feedback": feedback}, content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 303, response.text[:2000]


def test_csv_has_released_grades_only(
    course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id)
    _grade(course, aid, "4", "16", '=HYPERLINK("http://evil")')
    course.staff.post(f"/submissions/{aid}/grading/release")
    _grade(course, aid, "5", "9", "Pas encore publié")
    rows = _csv(course, aid)
    assert rows[0][:5] == [
        "Identifiant",
        "Nom",
        "Prénom",
        "Adresse de courriel",
        "Note",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["4"][1:3] == ["Moreau", "Inès"]
    assert by_id["4"][4:6] == ["16", "20"]
    assert by_id["4"][6].startswith("'=")
    assert by_id["5"][4] == ""
    assert by_id["5"][6] == ""
    assert by_id["5"][7] == "non"
    assert by_id["6"][4] == ""


def test_blind_marking_releases_names_and_grades_together(
    app: Flask, course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id, blind_marking=True)
    add_submission(app, aid, course.user_id("4"), [("diapo.pdf", pdf())])
    table = course.staff.get(f"/submissions/{aid}/grading").text
    for name in ("Moreau", "Inès", "Bernard", "Lefèvre"):
        assert name not in table
    assert "Participant·e " in table
    assert "Correction à l" in table
    archive = _zip_of(course, aid)
    assert archive.namelist()[0].startswith("Participant_")
    assert "Moreau" not in archive.namelist()[0]
    csv_rows = _csv(course, aid)
    assert all("Moreau" not in cell for row in csv_rows for cell in row)
    _grade(course, aid, "4", "13")
    mid = course.membership_id("4")
    one = course.staff.post(f"/submissions/{aid}/grading/{mid}/release")
    assert one.status_code == 409
    assert "aveugle" in one.text
    queued = course.staff.get(f"/submissions/{aid}/grading").text
    assert "1 note attend" in queued
    assert "Moreau" not in queued
    assert "Publier les notes et révéler les identités" in queued
    assert course.staff.post(f"/submissions/{aid}/grading/release").status_code == 303
    revealed = course.staff.get(f"/submissions/{aid}/grading").text
    assert "Inès Moreau" in revealed
    assert "Participant·e " not in revealed
    assert "13 / 20" in course.students["4"].get(f"/submissions/{aid}/grade").text


def test_submission_review_access(
    app: Flask, course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id)
    add_submission(app, aid, course.user_id("4"), [("diapo.pdf", pdf())])
    _grade(course, aid, "4", "17", "Très clair.")
    url = f"/submissions/{aid}/review/{course.membership_id('4')}"
    staff_view = course.staff.get(url).text
    assert "diapo.pdf" in staff_view
    assert "17 / 20" in staff_view
    own = course.students["4"].get(url)
    assert own.status_code == 200
    assert "diapo.pdf" in own.text
    assert "17 / 20" not in own.text  # not released yet
    assert "Très clair." not in own.text
    assert course.students["5"].get(url).status_code == 404
    course.staff.post(f"/submissions/{aid}/grading/release")
    assert "17 / 20" in course.students["4"].get(url).text


def test_release_service_on_postgresql(make_app: Callable[..., Flask]) -> None:
    """The grading queries and the release on PostgreSQL (migrated by Alembic)."""
    from lti_app.course.models import Course as CourseRow
    from lti_app.course.models import Membership, User
    from lti_app.extensions import db
    from lti_app.lti.models import Deployment, Platform
    from lti_app.submissions import grade_service, grading, release
    from lti_app.submissions.models import Assignment

    app = make_app("postgresql")
    with app.app_context():
        platform = Platform(issuer="https://pg.example.test", client_id="c",
                            auth_login_url="https://x.test/a",
                            auth_token_url="https://x.test/t",
                            keyset_url="https://x.test/k")  # fmt: skip
        platform.deployments.append(Deployment(deployment_id="1"))
        db.session.add(platform)
        db.session.flush()
        course_row = CourseRow(platform_id=platform.id, context_id="2",
                               deployment_pk=platform.deployments[0].id)  # fmt: skip
        users = [User(issuer=platform.issuer, sub=s, family_name=f"N{s}") for s in "45"]
        db.session.add_all([course_row, *users])
        db.session.flush()
        db.session.add_all(
            Membership(user_id=u.id, course_id=course_row.id, lti_role="student")
            for u in users
        )
        assignment = Assignment(course_id=course_row.id, title="D", slug="d",
                                blind_marking=True)  # fmt: skip
        db.session.add(assignment)
        db.session.commit()
        assert grading.identities_hidden(assignment)
        grade_service.save_grade(assignment, users[0].id, users[0].id, score=12.5,
                           feedback="ok")  # fmt: skip
        rows = grading.list_rows(assignment)
        assert [r.matches("queued") for r in rows].count(True) == 1
        released = release.release(assignment, users[0].id)
        assert [g.score for g in released] == [12.5]
        assert not grading.identities_hidden(assignment)
        assert grade_service.released_grade(assignment, users[0].id) is not None
        assert grade_service.released_grade(assignment, users[1].id) is None
