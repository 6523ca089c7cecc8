"""Questions in Chromium, inside the development LMS's frame: ask, answer, read.

A student asks in the iframe, the instructor answers from her inbox, the student
sees the unread count in the menu, the "nouveau" mark and the answer. Every
questions page on the way is checked with axe-core (no serious or critical
violation) where the person sees it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.browser.accessibility import assert_no_serious
from tests.browser.lms import INES, MATHILDE, tool_frame
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]
TITLE = "Quelle différence entre chef de file et pilote ?"
ANSWER = "Le **chef de file** coordonne ; le pilote décide."


def _ask(demo: LiveDemo, new_page: NewPage) -> Frame:
    student = tool_frame(new_page, demo, INES, "Inès Moreau", "/questions/new")
    expect(
        student.get_by_role(
            "heading", level=1, name="Poser une question à l'équipe pédagogique"
        )
    ).to_be_visible()
    assert_no_serious(student)
    student.get_by_label("Titre de la question").fill(TITLE)
    student.get_by_label("Votre question (Markdown)").fill(
        "Dans le module 2, les deux mots semblent *synonymes*."
    )
    student.get_by_label("Partagée avec la classe").check()
    student.get_by_role("button", name="Envoyer la question").click()
    expect(student.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(student.locator(".question-body em")).to_have_text("synonymes")
    expect(student.get_by_text("Pas encore de réponse.")).to_be_visible()
    assert_no_serious(student)
    return student


def _answer(demo: LiveDemo, new_page: NewPage) -> None:
    teacher = tool_frame(new_page, demo, MATHILDE, "Mathilde Garnier",
                         "/questions/inbox")  # fmt: skip
    expect(
        teacher.get_by_role("heading", level=1, name="Questions reçues")
    ).to_be_visible()
    row = teacher.locator(".question-item").filter(has_text=TITLE)
    expect(row).to_contain_text("Inès Moreau")  # staff always know who asked
    expect(row.locator(".badge")).to_have_text("nouveau")
    assert_no_serious(teacher)
    row.get_by_role("link", name=TITLE).click()
    expect(teacher.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    assert_no_serious(teacher)
    teacher.get_by_label("Réponse (Markdown)").fill(ANSWER)
    teacher.get_by_role("button", name="Publier la réponse").click()
    expect(teacher.locator(".answer-body strong")).to_have_text("chef de file")


def test_student_asks_instructor_answers_student_reads(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    student = _ask(same_site, new_page)
    _answer(same_site, new_page)

    # She comes back to her frame: her own list, from the page's sub-menu.
    student.get_by_role("link", name="Mes questions").click()
    expect(
        student.get_by_role("heading", level=1, name="Mes questions")
    ).to_be_visible()
    menu = student.get_by_role("navigation").first.get_by_role("link", name="Questions")
    expect(menu.locator(".unread-count")).to_have_text("1 non lue")
    row = student.locator(".question-item").filter(has_text=TITLE)
    expect(row.locator(".badge")).to_have_text("nouveau")
    expect(row).to_contain_text("répondue")
    assert_no_serious(student)
    row.get_by_role("link", name=TITLE).click()
    expect(student.locator(".answer-body strong")).to_have_text("chef de file")
    expect(student.locator(".answer .meta")).to_contain_text("Mathilde Garnier")
    expect(student.locator(".unread-count")).to_have_count(0)  # read now
    assert_no_serious(student)


def test_class_list_and_notifications_pages_are_accessible(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    student = _ask(same_site, new_page)
    student.get_by_role("link", name="Questions de la classe").click()
    expect(student.get_by_role("link", name=TITLE)).to_be_visible()
    assert_no_serious(student)
    student.get_by_role("link", name="Notifications").click()
    expect(
        student.get_by_role("heading", level=1, name="Notifications")
    ).to_be_visible()
    assert_no_serious(student)
    box = student.get_by_label("Recevoir un e-mail pour les questions que je suis")
    expect(box).to_be_checked()
    box.uncheck()
    student.get_by_role("button", name="Enregistrer").click()
    expect(student.locator(".flashes[role=status]")).to_contain_text(
        "E-mails désactivés."
    )
    expect(box).not_to_be_checked()
    teacher = tool_frame(new_page, same_site, MATHILDE, "Mathilde Garnier",
                         "/questions/notifications")  # fmt: skip
    expect(teacher.get_by_role("region", name="Envoi des e-mails")).to_contain_text(
        "les notifications restent dans l'interface"
    )
    assert_no_serious(teacher)
