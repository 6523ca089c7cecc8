"""The copied course's pages in Chromium: axe (serious, critical) and the keyboard.

The demo course is put in the state a course copied in Moodle is in at its
first launch: a pending copy from another course of the same platform.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from lti_app.course.models import Course, CourseCopy
from lti_app.extensions import db
from tests.browser.accessibility import check_keyboard, serious_violations
from tests.browser.lms import INES, MATHILDE, activity_url
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser


@pytest.fixture
def copied(live_demo: LiveDemo) -> LiveDemo:
    """The demo course, launched once, now waiting for its staff to copy."""
    live_demo.browser().launch(person=MATHILDE)
    with live_demo.app.app_context():
        (course,) = db.session.scalars(db.select(Course)).all()
        source = Course(platform_id=course.platform_id,
                        deployment_pk=course.deployment_pk, context_id="old",
                        title="Politiques sociales 2025")  # fmt: skip
        db.session.add(source)
        db.session.flush()
        db.session.add(CourseCopy(course_id=course.id, source_course_id=source.id))
        db.session.commit()
    return live_demo


@pytest.mark.parametrize(
    ("person", "heading"),
    [
        (MATHILDE, "Ce cours est une copie : reprendre son contenu ?"),
        (INES, "Ce cours n'est pas encore prêt"),
    ],
    ids=["staff-offer", "student-not-ready"],
)
def test_copy_pages_pass_axe_and_the_keyboard(
    copied: LiveDemo, new_page: Callable[..., Page], person: int, heading: str
) -> None:
    page = new_page()
    page.goto(activity_url(copied, person))
    frame = page.frame_locator("#contentframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(heading)
    tool = page.locator("#contentframe").element_handle().content_frame()
    assert tool is not None
    assert serious_violations(tool) == []
    top = new_page()
    top.goto(tool.url)
    expect(top.get_by_role("heading", level=1)).to_have_text(heading)
    check_keyboard(top)
