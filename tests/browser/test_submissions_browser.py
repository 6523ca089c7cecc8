"""The drop-off and grading loop in Chromium, inside the development LMS's frame.

A student uploads a PPTX with the progress bar showing (the upload is throttled so
that the bar has time to move), reads the receipt; the instructor grades and
releases; the worker sends the grade to the development LMS, whose gradebook
shows it; the student reads the grade. axe-core finds no serious violation on
any of these pages.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect
from sqlalchemy import select

from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.outbox import service as outbox
from lti_app.submissions.models import Assignment
from tests.browser.accessibility import assert_no_serious
from tests.browser.lms import (
    COURSE_TITLE,
    INES,
    MATHILDE,
    go_to,
    tool_frame,
)
from tests.submissions.files import PPTX_TYPES, presentation_xml
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]
MEDIA_BYTES = 2 * 1024 * 1024


def _slide(tmp_path: Path) -> Path:
    """A one-slide PPTX carrying 2 MB of picture, so the upload takes a while."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", PPTX_TYPES)
        archive.writestr("ppt/presentation.xml", presentation_xml(1))
        archive.writestr("ppt/slides/slide1.xml", "<p:sld>1</p:sld>")
        archive.writestr("ppt/media/image1.png", os.urandom(MEDIA_BYTES))
    path = tmp_path / "Situation de partenariat.pptx"
    path.write_bytes(buffer.getvalue())
    return path


def _assignment(demo: LiveDemo) -> int:
    with demo.app.app_context():
        course = db.session.scalars(
            select(Course).where(Course.title == COURSE_TITLE)
        ).one()
        row = Assignment(course_id=course.id, title="Travailler sur une situation de "
                         "partenariat", slug="situation-partenariat",
                         instructions="Une seule diapositive.", expected_pages=1,
                         accepted_kinds=["pdf", "pptx", "odp"])  # fmt: skip
        db.session.add(row)
        db.session.commit()
        return int(row.id)


def _upload_with_progress(page: Page, frame: Frame, slide: Path) -> None:
    # Slow the upload down so that the progress bar is seen between 0 and 100 %.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 20, "downloadThroughput": -1,
        "uploadThroughput": 1024 * 1024,
    })  # fmt: skip
    frame.get_by_label("Choisissez votre fichier").set_input_files(slide)
    expect(frame.get_by_role("status").first).to_contain_text("Fichier choisi")
    frame.get_by_role("button", name="Déposer").click()
    bar = frame.locator("#upload-progress")
    expect(bar).to_be_visible()
    frame.wait_for_function(
        "() => { const v = document.getElementById('upload-progress');"
        " return v && v.value > 0 && v.value < 100; }"
    )
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1,
        "uploadThroughput": -1,
    })  # fmt: skip


def _sent_to_the_lms_gradebook(demo: LiveDemo, new_page: NewPage) -> None:
    """The worker sends the grade; the development LMS's gradebook shows it."""
    with demo.app.app_context():
        assert outbox.process_due() >= 1
    page = new_page()
    page.goto(f"{demo.lms_url}/dev/lms/course/2/grades")
    row = page.get_by_role("row").filter(has_text="Inès Moreau")
    expect(row).to_contain_text("Analyse **claire** du partenariat.")
    expect(row.get_by_role("cell").filter(has_text="16.5")).to_have_count(1)


def test_student_uploads_instructor_grades_and_releases(
    same_site: LiveDemo, new_page: NewPage, tmp_path: Path
) -> None:
    demo = same_site
    teacher = tool_frame(new_page, demo, MATHILDE, "Mathilde Garnier")
    aid = _assignment(demo)

    student = tool_frame(new_page, demo, INES, "Inès Moreau",
                          f"/submissions/{aid}")  # fmt: skip
    expect(student.get_by_role("heading", level=1)).to_contain_text("partenariat")
    assert_no_serious(student)
    _upload_with_progress(student.page, student, _slide(tmp_path))
    # The throttled request keeps its pace once started: allow it the time.
    student.wait_for_url(f"**/submissions/{aid}/receipt/1*", timeout=30_000)
    expect(student.get_by_role("heading", level=1)).to_contain_text("Accusé")
    expect(student.locator("main")).to_contain_text("Situation de partenariat.pptx")
    assert_no_serious(student)

    go_to(teacher, demo, f"/submissions/{aid}/grading")
    expect(teacher.get_by_role("heading", level=1)).to_contain_text("Notation")
    row = teacher.get_by_role("row").filter(has_text="Inès Moreau")
    expect(row).to_contain_text("Situation de partenariat.pptx")
    assert_no_serious(teacher)
    row.get_by_role("link", name="Noter Inès Moreau").click()
    teacher.get_by_label("Note", exact=True).fill("16,5")
    teacher.get_by_label("Commentaire (Markdown)").fill(
        "Analyse **claire** du partenariat."
    )
    assert_no_serious(teacher)
    teacher.get_by_role("button", name="Enregistrer la note").click()
    expect(teacher.locator(".flashes")).to_contain_text("attend d'être publiée")
    queue = teacher.get_by_role("region", name="Notes en attente de publication")
    expect(queue).to_contain_text("Inès Moreau : 16,5 / 20")
    queue.get_by_role("button", name="Publier toutes les notes en attente").click()
    expect(teacher.locator(".flashes")).to_contain_text("1 note publiée.")
    assert_no_serious(teacher)

    teacher.get_by_role("link", name="Noter Inès Moreau").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Noter Inès Moreau")
    review = teacher.url.replace("/grading/", "/review/")
    teacher.goto(review)
    expect(teacher.get_by_role("heading", level=1)).to_contain_text("Inès Moreau")
    assert_no_serious(teacher)

    _sent_to_the_lms_gradebook(demo, new_page)

    go_to(student, demo, f"/submissions/{aid}/grade")
    expect(student.locator("#released-grade")).to_have_text("Note : 16,5 / 20")
    expect(student.locator(".feedback strong")).to_have_text("claire")
    assert_no_serious(student)
