"""Module files: type proven by content, size limited, served to the course only."""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from lti_app.extensions import db
from lti_app.modules.models import ModuleAttachment
from lti_app.modules.sanitize import clean
from tests.modules.conftest import Browser, MakeModule, Person, module_id
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n"


def _upload(browser: Browser, mid: int, data: bytes, name: str) -> TestResponse:
    return browser.post(f"/modules/{mid}/files",
                        {"file": (io.BytesIO(data), name)},
                        content_type="multipart/form-data")  # fmt: skip


def _first_file(browser: Browser, mid: int) -> str:
    found = re.search(
        rf"/modules/{mid}/files/(\d+)", browser.get(f"/modules/{mid}/edit").text
    )
    assert found
    return found.group(0)


def test_image_upload_and_serving(
    app: Flask, staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    mid = make_module()
    assert _upload(staff, mid, PNG, "Schéma 1.png").status_code == 303
    url = _first_file(staff, mid)
    assert f"![Schema-1.png]({url})" in staff.get(f"/modules/{mid}/edit").text
    response = student.get(url)
    assert response.status_code == 200
    assert response.data == PNG
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("inline")
    stored = list((Path(app.config["CARTABLE_DATA_DIR"]) / "attachments").rglob("*"))
    assert all("Sch" not in path.name for path in stored)


def test_pdf_is_sent_as_attachment(staff: Browser, make_module: MakeModule) -> None:
    mid = make_module()
    _upload(staff, mid, PDF, "../../etc/passwd.pdf")
    response = staff.get(_first_file(staff, mid))
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=passwd.pdf"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "image.png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "dessin.svg"),
        (b"MZ\x90\x00", "programme.pdf"),
        (b"", "vide.png"),
    ],
)
def test_type_is_checked_by_content(
    staff: Browser, make_module: MakeModule, data: bytes, name: str
) -> None:
    response = _upload(staff, make_module(), data, name)
    assert response.status_code == 415
    assert "Type de fichier refusé" in response.text


def test_too_big_is_413(app: Flask, staff: Browser, make_module: MakeModule) -> None:
    app.config["CARTABLE_ATTACHMENT_MAX_BYTES"] = 1024
    response = _upload(staff, make_module(), PNG + b"\0" * 2048, "grand.png")
    assert response.status_code == 413
    assert "taille autorisée" in response.text


def test_student_upload_is_403(student: Browser, make_module: MakeModule) -> None:
    assert _upload(student, make_module(), PNG, "a.png").status_code == 403


def test_draft_module_files_are_404_for_students(
    staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    mid = make_module(publish=False)
    _upload(staff, mid, PNG, "a.png")
    assert student.get(_first_file(staff, mid)).status_code == 404


def test_another_courses_file_is_404(
    person: Person, staff: Browser, make_module: MakeModule
) -> None:
    mid = make_module()
    _upload(staff, mid, PNG, "a.png")
    url = _first_file(staff, mid)
    other_staff = person("5", INSTRUCTOR_ROLES, context_id="9")
    other_student = person("6", LEARNER_ROLES, context_id="9")
    theirs = module_id(other_staff.post("/modules/new", {"title": "X", "body": "y"}))
    own = re.sub(r"^/modules/\d+/", f"/modules/{theirs}/", url)
    assert other_staff.get(url).status_code == 404
    assert other_student.get(url).status_code == 404
    assert other_staff.get(own).status_code == 404


def test_delete(staff: Browser, make_module: MakeModule) -> None:
    mid = make_module()
    _upload(staff, mid, PNG, "a.png")
    url = _first_file(staff, mid)
    assert staff.post(f"{url}/delete").status_code == 303
    assert staff.get(url).status_code == 404
    assert staff.post(f"{url}/delete", csrf=False).status_code in {400, 404}


def test_images_only_from_module_files() -> None:
    html = clean('<img src="/modules/3/files/7" alt="a"><img src="https://ev.il/p.gif">'
                 '<img src="/modules/3/files/7/../../../x">').markup  # fmt: skip
    assert '<img src="/modules/3/files/7" alt="a">' in html
    assert "ev.il" not in html
    assert "../" not in html


def test_storage_verify_checks_module_files(
    app: Flask, staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    """Module files are hashed when written, verified, and never taken for orphans."""
    mid = make_module()
    _upload(staff, mid, PNG, "a.png")
    _upload(staff, mid, PDF, "b.pdf")
    area = Path(app.config["CARTABLE_DATA_DIR"]) / "attachments"
    with app.app_context():
        rows = db.session.scalars(
            select(ModuleAttachment).order_by(ModuleAttachment.id)
        )
        png, pdf = rows.all()
        assert png.sha256 == hashlib.sha256(PNG).hexdigest()
        pdf.sha256 = None  # as for a file stored before hashes were recorded
        db.session.commit()
        png_path = area / str(png.course_id) / png.stored_name
    old = os.stat(png_path).st_mtime - 3 * 24 * 3600
    for path in area.rglob("*"):
        os.utime(path, (old, old))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["storage", "verify", "--remove-orphans", "--apply"])
    assert result.exit_code == 0, result.output
    assert ("module attachments: checked 2 file(s), 0 missing, 0 corrupt, "
            "1 without a recorded hash (size checked)") in result.output  # fmt: skip
    assert "removed 0 file(s)" in result.output
    assert student.get(_first_file(staff, mid)).data == PNG
    (png_path.parent / "0123abcd").write_bytes(b"stray")
    os.utime(png_path.parent / "0123abcd", (old, old))
    png_path.write_bytes(PNG[:-1] + b"\1")
    result = runner.invoke(args=["storage", "verify", "--remove-orphans"])
    assert result.exit_code == 1
    assert f"CORRUPT {png.course_id}/{png.stored_name} (module attachments:" in (
        result.output
    )
    assert f"would remove orphan attachments:{png.course_id}/0123abcd" in result.output
