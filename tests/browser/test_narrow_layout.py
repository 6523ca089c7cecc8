"""Narrow frames and phones: at 360 px no page of the student or staff path
scrolls sideways, the tool posts ``lti.frameResize`` to the LMS, and axe finds no
serious violation at 360 px nor at 1366 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.submissions.models import Assignment
from tests.browser.accessibility import serious_violations
from tests.browser.lms import INES, MATHILDE, frame_on, go_to, launch_in_frame
from tests.submissions.files import pdf
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]
# Screenshots to look at, when asked: CARTABLE_SCREENSHOTS=/some/dir.
SHOTS = os.environ.get("CARTABLE_SCREENSHOTS", "")
# document.scrollingElement, as the issue measured it.
OVERFLOW = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
RECORD = """window.__frameResize = [];
window.addEventListener("message", (event) => {
  if (event.data && event.data.subject === "lti.frameResize") {
    window.__frameResize.push(event.data.height);
  }
});"""


def _framed(new_page: NewPage, demo: LiveDemo, person: int, name: str,
            width: int) -> tuple[Page, Frame]:  # fmt: skip
    page = new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.add_init_script(RECORD)
    launch_in_frame(page, demo, person, name)
    return page, frame_on(page, demo, "/course/")


def _assignment_id(demo: LiveDemo) -> int:
    with demo.app.app_context():
        return int(db.session.scalars(select(Assignment.id)).first() or 0)


def _hand_in(frame: Frame, demo: LiveDemo, aid: int, tmp_path: Path) -> None:
    """Inès hands in a PDF whose name is one long word: the receipt shows it."""
    file = tmp_path / ("Dossier_partenariat_version_definitive_" * 3 + ".pdf")
    file.write_bytes(pdf(1))
    go_to(frame, demo, f"/submissions/{aid}")
    frame.get_by_label("Choisissez votre fichier").set_input_files(file)
    frame.get_by_role("button", name="Déposer").click()
    frame.wait_for_url(f"**/submissions/{aid}/receipt/1*", timeout=30_000)


def _check(frame: Frame, page: Page, width: int, label: str, check_axe: bool) -> None:
    frame.wait_for_load_state("load")
    scroll, inner = frame.evaluate(OVERFLOW)
    assert scroll <= inner, (
        f"{label} at {width} px scrolls sideways: {scroll} > {inner}"
    )
    if check_axe:
        violations = serious_violations(frame, iframes=False)
        assert not violations, f"{label} at {width} px:\n" + "\n".join(violations)
    if SHOTS:
        page.screenshot(path=Path(SHOTS) / f"{label}-{width}.png", full_page=True)


def _frame_fits_its_page(page: Page, frame: Frame) -> None:
    """The development LMS honours lti.frameResize: no scrollbar inside the frame."""
    wanted = frame.evaluate(
        "() => Math.ceil(document.documentElement.getBoundingClientRect().height)"
    )
    page.wait_for_function(
        "(h) => document.getElementById('contentframe').clientHeight >= h - 2",
        arg=wanted,
    )


@pytest.mark.parametrize("width", [360, 1366])
def test_student_and_staff_paths_fit(
    same_site: LiveDemo, new_page: NewPage, tmp_path: Path, width: int
) -> None:
    demo = same_site
    aid = _assignment_id(demo)
    assert aid, "the demo course has no assignment"
    page, student = _framed(new_page, demo, INES, "Inès Moreau", width)
    page.wait_for_function("() => window.__frameResize.length > 0")
    assert min(page.evaluate("window.__frameResize")) > 100
    _check(student, page, width, "student-home", True)
    for path, label in [("/modules/", "student-modules"), ("/modules/1", "student-module"),
                        ("/references/reading", "student-reading"),
                        ("/questions/", "student-questions"),
                        (f"/submissions/{aid}", "student-assignment")]:  # fmt: skip
        go_to(student, demo, path)
        _check(student, page, width, label, True)
    _hand_in(student, demo, aid, tmp_path)
    expect(student.get_by_role("heading", level=1)).to_contain_text("Accusé")
    _check(student, page, width, "student-receipt", True)
    _frame_fits_its_page(page, student)

    page, staff = _framed(new_page, demo, MATHILDE, "Mathilde Garnier", width)
    _check(staff, page, width, "staff-home", True)
    for path, label in [("/course/members", "staff-participants"),
                        ("/references/", "staff-references"),
        ("/references/sections/1", "staff-section"),
                        ("/references/reading", "staff-reading"),
                        ("/questions/", "staff-questions"),
                        (f"/submissions/{aid}/grading", "staff-grading")]:  # fmt: skip
        go_to(staff, demo, path)
        _check(staff, page, width, label, True)
    staff.get_by_role("link", name="Noter Inès Moreau").click()
    staff.wait_for_url(f"**/submissions/{aid}/grading/*")
    _check(staff, page, width, "staff-grading-student", True)


def test_menu_reaches_every_item_at_320(same_site: LiveDemo, new_page: NewPage) -> None:
    """Every menu item, "Questions" included, is inside the frame's width."""
    _page, staff = _framed(new_page, same_site, MATHILDE, "Mathilde Garnier", 320)
    inner = staff.evaluate("innerWidth")
    links = staff.get_by_role("navigation", name="Navigation du cours").get_by_role(
        "link"
    )
    assert links.count() >= 8
    for index in range(links.count()):
        left, right = links.nth(index).evaluate(
            "(a) => { const r = a.getBoundingClientRect(); return [r.left, r.right]; }"
        )
        assert left >= 0, links.nth(index).inner_text()
        assert right <= inner + 1, links.nth(index).inner_text()
    expect(links.filter(has_text="Questions")).to_be_visible()
