"""Who may open what: own files only, staff of the course, never another course."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.submissions.models import SubmissionFile
from lti_app.submissions.names import safe_filename
from tests.submissions import files
from tests.submissions.conftest import Browser, MakeAssignment, Person, upload
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES

_FILE_LINK = re.compile(r'href="/submissions/files/(\d+)\?')


def _file_id(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalars(select(SubmissionFile.id)).one())


def test_the_owner_and_staff_download_as_attachment(
    app: Flask, student: Browser, staff: Browser, make_assignment: MakeAssignment
) -> None:
    content = files.pptx(1)
    upload(student, make_assignment(), ("Ma diapo.pptx", content))
    fid = _file_id(app)
    for who in (student, staff):
        response = who.get(f"/submissions/files/{fid}")
        assert response.status_code == 200
        assert response.data == content
        response.close()
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "Ma diapo.pptx" in disposition or "Ma%20diapo.pptx" in disposition
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype.endswith("presentationml.presentation")


def test_another_student_cannot_download_or_guess(
    app: Flask, student: Browser, person: Person, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment()
    upload(student, aid, ("a.pdf", files.pdf()))
    fid = _file_id(app)
    other = person("7", LEARNER_ROLES)
    assert other.get(f"/submissions/files/{fid}").status_code == 404
    for guess in (fid + 1, fid + 1000, 0):
        assert other.get(f"/submissions/files/{guess}").status_code == 404
    assert other.get(f"/submissions/{aid}/receipt/1").status_code == 404
    page = other.get(f"/submissions/{aid}").text
    assert _FILE_LINK.search(page) is None


def test_another_course_sees_nothing(
    app: Flask, student: Browser, person: Person, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment()
    upload(student, aid, ("a.pdf", files.pdf()))
    fid = _file_id(app)
    teacher = person("3", INSTRUCTOR_ROLES, context_id="99")
    learner = person("4", LEARNER_ROLES, context_id="99")
    for who in (teacher, learner):
        assert who.get(f"/submissions/{aid}").status_code == 404
        assert who.get(f"/submissions/files/{fid}").status_code == 404
    assert teacher.get(f"/submissions/{aid}/submissions").status_code == 404
    assert upload(learner, aid, ("a.pdf", files.pdf())).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/submissions/new", "/submissions/{aid}/edit", "/submissions/{aid}/submissions"],
)
def test_students_cannot_reach_staff_pages(
    student: Browser, make_assignment: MakeAssignment, url: str
) -> None:
    aid = make_assignment()
    assert student.get(url.format(aid=aid)).status_code == 403
    if not url.endswith("/submissions"):
        assert student.post(url.format(aid=aid), {"title": "x"}).status_code == 403


def test_students_cannot_grant_themselves_an_extension(
    student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment()
    response = student.post(f"/submissions/{aid}/extensions",
                            {"user_id": "1", "due_at": "2030-01-01T00:00"})  # fmt: skip
    assert response.status_code == 403


def test_no_launch_no_upload(app: Flask, make_assignment: MakeAssignment) -> None:
    aid = make_assignment()
    response = app.test_client(use_cookies=False).post(
        f"/submissions/{aid}/upload", data={"files": []},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        pytest.param("../../etc/passwd.pdf", "passwd.pdf", id="traversal"),
        pytest.param("/absolute/path.pdf", "path.pdf", id="absolute"),
        pytest.param("Présentation été.pdf", "Présentation été.pdf", id="accents"),
        pytest.param("Pre\u0301sentation.pdf", "Présentation.pdf", id="decomposed-nfc"),
        pytest.param(
            "rapport\u202egnp.exe.pdf", "rapport gnp.exe.pdf", id="bidi-override"
        ),
        pytest.param("a\x00b\x1f.pdf", "a b.pdf", id="control-chars"),
        pytest.param("...", "fichier.pdf", id="dots-only"),
        pytest.param("diapo.exe", "diapo.pdf", id="wrong-extension"),
        pytest.param("文件 📄.pdf", "文件 📄.pdf", id="cjk-emoji"),
    ],
)
def test_odd_names_are_made_safe(
    app: Flask, student: Browser, make_assignment: MakeAssignment, sent: str, shown: str
) -> None:
    response = upload(student, make_assignment(), (sent, files.pdf()))
    assert response.status_code == 303, response.text
    with app.app_context():
        row = db.session.scalars(select(SubmissionFile)).one()
        assert row.filename == shown
        assert "/" not in row.storage_key.rsplit("/", 1)[1]
    download = student.get(f"/submissions/files/{_file_id(app)}")
    download.close()
    assert download.status_code == 200
    assert "\n" not in download.headers["Content-Disposition"]
    root = Path(app.config["CARTABLE_DATA_DIR"]) / "files"
    assert list(root.rglob("*.pdf")) == []  # on disk, only random keys


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("..\\..\\windows\\win.ini", "win.pdf"),
        ("C:\\Users\\moi\\diapo.pdf", "diapo.pdf"),
        ("  .cache.pdf  ", "cache.pdf"),
        ("a" * 300 + ".pdf", "a" * 120 + ".pdf"),
    ],
)
def test_safe_filename(sent: str, shown: str) -> None:
    assert safe_filename(sent, "pdf") == shown
