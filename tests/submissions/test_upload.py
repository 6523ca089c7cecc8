"""The drop-off over HTTP: types by content, sizes, versions, receipts, downloads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from lti_app.extensions import db
from lti_app.outbox.models import OutboxMessage
from lti_app.submissions.models import Submission, SubmissionFile, SubmissionVersion
from tests.submissions import files
from tests.submissions.conftest import Browser, MakeAssignment, upload


def _counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(  # type: ignore[return-value]
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Submission, SubmissionVersion, SubmissionFile)
        )


def _stored(app: Flask) -> list[Path]:
    root = Path(app.config["CARTABLE_DATA_DIR"]) / "files"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "pages"),
    [
        pytest.param("diapo.pptx", files.pptx(1), 1, id="pptx"),
        pytest.param("diapo.odp", files.odp(1), 1, id="odp"),
        pytest.param("diapo.pdf", files.pdf(1), 1, id="pdf"),
        pytest.param("sans-extension", files.pptx(1), 1, id="pptx-without-extension"),
    ],
)
def test_real_files_are_accepted_with_a_receipt(
    app: Flask, student: Browser, make_assignment: MakeAssignment,
    name: str, content: bytes, pages: int,
) -> None:  # fmt: skip
    aid = make_assignment(expected_pages=1)
    response = upload(student, aid, (name, content))
    assert response.status_code == 303, response.text
    receipt = student.get(response.location.split("?")[0])
    assert receipt.status_code == 200
    assert hashlib.sha256(content).hexdigest() in receipt.text
    assert str(len(content)) in receipt.text
    assert "Attention" not in receipt.text
    with app.app_context():
        row = db.session.scalars(select(SubmissionFile)).one()
        assert (row.pages, row.size) == (pages, len(content))
    (path,) = _stored(app)
    assert path.read_bytes() == content


def test_the_page_count_warns_when_not_one_slide(
    student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(expected_pages=1)
    response = upload(student, aid, ("trois.pptx", files.pptx(3)))
    page = student.get(response.location.split("?")[0])
    assert "ce fichier en a 3" in page.text


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("rapport.pdf", files.ELF, id="elf-renamed-pdf"),
        pytest.param("rapport.pdf", files.EXE, id="exe-renamed-pdf"),
        pytest.param("diapo.pptx", files.docx(), id="docx-renamed-pptx"),
        pytest.param("diapo.pptx", b"PK\x03\x04 broken zip", id="broken-zip"),
        pytest.param("vide.pdf", b"", id="empty"),
    ],
)
def test_other_content_is_refused_whatever_its_name(
    app: Flask, student: Browser, make_assignment: MakeAssignment,
    name: str, content: bytes,
) -> None:  # fmt: skip
    aid = make_assignment()
    response = upload(student, aid, (name, content))
    assert response.status_code == 415
    assert "pas d&#39;après le nom" in response.text
    assert _counts(app) == (0, 0, 0)
    assert _stored(app) == []


def test_an_accepted_kind_must_be_allowed_by_the_assignment(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(accepted_kinds=["pdf"])
    response = upload(student, aid, ("diapo.pptx", files.pptx()), script=True)
    assert response.status_code == 415
    assert response.get_json()["error"] == "type-refused"
    assert _stored(app) == []


def test_over_the_limit_is_refused_and_nothing_kept(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(max_bytes=300_000, max_files=2)
    big = files.pdf(1) + b"%" * 400_000
    response = upload(student, aid, ("petit.pdf", files.pdf(1)), ("gros.pdf", big))
    assert response.status_code == 413
    assert "taille maximale" in response.text
    assert _counts(app) == (0, 0, 0)
    assert _stored(app) == []


def test_a_body_announced_over_the_limit_is_refused_before_reading(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(max_bytes=100_000)
    big = files.pdf(1) + b"%" * 2_000_000
    response = upload(student, aid, ("gros.pdf", big), script=True)
    assert response.status_code == 413
    assert response.get_json()["error"] == "too-large"
    assert _stored(app) == []


def test_too_many_files_are_refused(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(max_files=1)
    response = upload(student, aid, ("a.pdf", files.pdf()), ("b.pdf", files.pdf()))
    assert response.status_code == 400
    assert _counts(app) == (0, 0, 0)
    assert _stored(app) == []


def test_without_csrf_nothing_is_written(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment()
    for script in (False, True):
        response = upload(student, aid, ("a.pdf", files.pdf()), csrf=False,
                          script=script)  # fmt: skip
        assert response.status_code == 400
    assert _stored(app) == []


def test_no_file_is_a_clear_refusal(
    student: Browser, make_assignment: MakeAssignment
) -> None:
    response = upload(student, make_assignment())
    assert response.status_code == 400
    assert "au moins un fichier" in response.text


def test_replacing_keeps_every_version(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment()
    first, second = files.pdf(1), files.pptx(1)
    assert upload(student, aid, ("v1.pdf", first)).status_code == 303
    assert upload(student, aid, ("v2.pptx", second)).status_code == 303
    assert _counts(app) == (1, 2, 2)
    page = student.get(f"/submissions/{aid}")
    assert "Version 2" in page.text
    assert "Version 1" in page.text
    for content in (first, second):
        assert hashlib.sha256(content).hexdigest() in page.text
    with app.app_context():
        sub = db.session.scalars(select(Submission)).one()
        assert (sub.current_version, sub.status, sub.late) == (2, "submitted", False)
        # No SMTP host: no e-mail receipt is queued (the page is the receipt).
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_script_upload_answers_json_with_the_receipt(
    student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment()
    response = upload(student, aid, ("v1.odp", files.odp()), script=True)
    assert response.status_code == 201, response.text
    receipt = response.get_json()["receipt_url"]
    assert receipt.startswith(f"/submissions/{aid}/receipt/1")


def test_staff_cannot_upload(staff: Browser, make_assignment: MakeAssignment) -> None:
    assert upload(staff, make_assignment(), ("a.pdf", files.pdf())).status_code == 403


def test_draft_until_the_submit_click(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(require_submit=True)
    upload(student, aid, ("a.pdf", files.pdf()))
    with app.app_context():
        assert db.session.scalars(select(Submission)).one().status == "draft"
    assert "Remettre" in student.get(f"/submissions/{aid}").text
    response = student.post(f"/submissions/{aid}/submit")
    assert response.status_code == 303
    with app.app_context():
        sub = db.session.scalars(select(Submission)).one()
        assert sub.status == "submitted"
        assert sub.submitted_at is not None
    again = student.post(f"/submissions/{aid}/submit")
    assert again.status_code == 409


def test_attempts_are_counted(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(attempts_allowed=1)
    assert upload(student, aid, ("a.pdf", files.pdf())).status_code == 303
    refused = upload(student, aid, ("b.pdf", files.pdf()))
    assert refused.status_code == 409
    assert _counts(app) == (1, 1, 1)
    assert len(_stored(app)) == 1
