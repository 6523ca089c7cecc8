"""Names from the LMS without a click, and the grade on the assignment page.

The instructor's launch queues a roster refresh; once the worker has run, the
grading table lists the whole class by family name, never launched students
included. After release the student reads the grade and feedback on the
assignment page itself. axe-core finds no serious violation at 360 and 1366 px.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Frame, Page, expect

from lti_app.outbox import service as outbox
from tests.browser.accessibility import assert_no_serious
from tests.browser.lms import INES, MATHILDE, go_to, tool_frame
from tests.browser.test_submissions_browser import _assignment
from tests.submissions.files import pdf
from tests.submissions.grading_support import add_submission
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]
WIDTHS = (360, 1366)
# The demo's students by family name ("Le Gall" under L), never launched ones too.
CLASS = ["Yanis Belkacem", "Malo Bertin", "Nolwenn Caradec", "Thomas Diallo",
         "Léa Fontaine", "Hugo Le Gall", "Inès Moreau", "Sarah Nguyen",
         "Camille Perrin"]  # fmt: skip


def _no_serious_at_each_width(frame: Frame) -> None:
    for width in WIDTHS:
        frame.page.set_viewport_size({"width": width, "height": 900})
        assert_no_serious(frame)


def _user_id(demo: LiveDemo, sub: str) -> int:
    from sqlalchemy import select

    from lti_app.course.models import User
    from lti_app.extensions import db

    with demo.app.app_context():
        return int(db.session.scalars(select(User.id).where(User.sub == sub)).one())


def test_names_without_a_refresh_and_the_grade_on_the_assignment_page(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    demo = same_site
    teacher = tool_frame(new_page, demo, MATHILDE, "Mathilde Garnier")
    aid = _assignment(demo)
    go_to(teacher, demo, f"/submissions/{aid}/grading")
    expect(teacher.locator("main")).not_to_contain_text("Camille Perrin")
    with demo.app.app_context():
        assert outbox.process_due() >= 1  # the refresh the staff launch queued
    teacher.goto(teacher.url)
    names = teacher.locator("tbody th[scope=row]")
    expect(names.first).to_contain_text(CLASS[0])
    shown = [text.strip() for text in names.all_inner_texts()]
    found = [name for text in shown for name in CLASS if name in text]
    assert found == CLASS, shown
    _no_serious_at_each_width(teacher)

    student = tool_frame(new_page, demo, INES, "Inès Moreau")
    add_submission(demo.app, aid, _user_id(demo, str(INES)), [("dossier.pdf", pdf())])
    go_to(student, demo, f"/submissions/{aid}")
    expect(student.locator("#released-grade")).to_have_count(0)

    teacher.page.set_viewport_size({"width": 1366, "height": 900})
    teacher.get_by_role("link", name="Noter Inès Moreau").click()
    teacher.get_by_label("Note", exact=True).fill("15")
    teacher.get_by_label("Commentaire (Markdown)").fill("Analyse **claire**.")
    teacher.get_by_role("button", name="Enregistrer la note").click()
    queue = teacher.get_by_role("region", name="Notes en attente de publication")
    queue.get_by_role("button", name="Publier toutes les notes en attente").click()
    expect(teacher.locator(".flashes")).to_contain_text("1 note publiée.")

    student.goto(student.url)
    expect(student.locator("#released-grade")).to_contain_text("15 / 20")
    expect(student.locator(".released .feedback strong")).to_have_text("claire")
    expect(student.get_by_role("heading", name="Votre note")).to_be_visible()
    _no_serious_at_each_width(student)
