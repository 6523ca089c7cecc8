"""The marking guide in Chromium, by keyboard alone.

The teacher opens the demo assignment's guide editor, refreshes the roster from
the development LMS, then grades the first three students of the table without
the mouse: level choices with the arrow keys, scores typed, the comment bank used
with Enter or Space (the comment is then edited), "save and next" to move on.
She releases; a student reads each criterion's score and comment. axe-core finds
no serious or critical violation on the editor, the grading page and the
student's page, at 360 and 1366 pixels wide.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.submissions.demo import TITLE
from lti_app.submissions.guide_models import Criterion
from lti_app.submissions.models import Assignment
from tests.browser.accessibility import assert_no_serious
from tests.browser.lms import MATHILDE, YANIS, ltik, tool_frame
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]
WIDTHS = (360, 1366)
MAX_TABS = 120
BANKED = "Grille de Lyet nommée mais pas appliquée."
# Press Tab until the focused element matches (focus may start anywhere).
_FOCUSED = "s => document.hasFocus() && !!document.activeElement?.matches(s)"


def _guide(demo: LiveDemo) -> tuple[int, list[Criterion]]:
    with demo.app.app_context():
        assignment = db.session.scalars(
            select(Assignment).where(Assignment.title == TITLE)
        ).one()
        criteria = list(db.session.scalars(
            select(Criterion).where(Criterion.assignment_id == assignment.id)
            .order_by(Criterion.position)))  # fmt: skip
        db.session.expunge_all()
        return int(assignment.id), criteria


def tab_to(page: Page, selector: str) -> None:
    """Tab (forward only) until ``selector`` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED, selector):
            return
    raise AssertionError(f"{selector} never got the focus by Tab")


def _axe_at_both_widths(page: Page) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_serious(page)
    page.set_viewport_size({"width": 1366, "height": 900})


def _grade_one(page: Page, criteria: list[Criterion], levels_down: int,
               scores: list[str], bank: str | None, finish: str = "next") -> None:  # fmt: skip
    """Grade the open student with the keyboard. ``bank``: the key that reuses the
    Lyet criterion's first comment (None: type it); ``finish``: "next" presses
    "save and next", "enter" presses Enter in the last score field."""
    first, *numeric = criteria
    tab_to(page, f'input[name="criterion-{first.id}-score"]')
    for _ in range(levels_down):  # from "not scored yet", wrapping to the best
        page.keyboard.press("ArrowDown")
    lyet = criteria[3]
    for criterion, score in zip(numeric, scores, strict=True):
        tab_to(page, f"#criterion-{criterion.id}-score")
        page.keyboard.type(score)
        if criterion.id != lyet.id:
            continue
        if bank is None:
            tab_to(page, f"#criterion-{lyet.id}-comment")
            page.keyboard.type(BANKED)
        else:
            tab_to(page, f'#mark-{lyet.id} button.bank-use[data-text="{BANKED}"]')
            page.keyboard.press(bank)
            comment = page.locator(f"#criterion-{lyet.id}-comment")
            expect(comment).to_be_focused()
            expect(comment).to_have_value(BANKED)
            if bank == "Enter":  # edited after reuse
                page.keyboard.press("End")
                page.keyboard.type(" Appuyez-vous sur ses critères.")
    if finish == "next":
        tab_to(page, "button[value=next]")
    # Enter in the last score field: the form's default button saves (not a bank one).
    page.keyboard.press("Enter")


def _move_down_by_keyboard(teacher: Page, title: str) -> None:
    """ "Descendre" on the first criterion: the draft comes back with it second,
    focus on it, and nothing is saved until "Enregistrer"."""
    tab_to(teacher, 'button[value="down-0"]')
    teacher.keyboard.press("Enter")
    expect(teacher.locator("#guide-said")).to_contain_text("position 2")
    moved = teacher.get_by_role("group", name="Critère 2")
    expect(moved.get_by_label("Intitulé")).to_have_value(title)
    expect(teacher.locator("#criterion-1")).to_be_focused()


def _open_first_student(teacher: Page, demo: LiveDemo, aid: int, token: str) -> None:
    """The roster from the LMS, then the table's first "Noter" link, by keyboard."""
    teacher.goto(f"{demo.tool_url}/submissions/{aid}/grading?ltik={token}")
    tab_to(teacher, 'form[action*="/grading/roster"] button')
    teacher.keyboard.press("Enter")
    expect(teacher.locator(".flashes")).to_contain_text("Liste mise à jour")
    tab_to(teacher, 'tbody a[href*="/grading/"]')
    expect(teacher.locator(":focus")).to_contain_text("Yanis Belkacem")
    teacher.keyboard.press("Enter")
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Noter Yanis Belkacem")


def _grade_three(teacher: Page, criteria: list[Criterion]) -> None:
    """Description: Complète (5), Partielle (3), Esquissée (1); the rest typed."""
    _axe_at_both_widths(teacher)
    _grade_one(teacher, criteria, 1, ["2", "2", "3", "2", "3", "2"], None)
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Noter Malo Bertin")
    _grade_one(teacher, criteria, 2, ["1", "1", "2", "1", "2", "1"], "Enter")
    heading = teacher.get_by_role("heading", level=1)
    expect(heading).to_have_text("Noter Nolwenn Caradec")
    bank = teacher.locator(f"#mark-{criteria[3].id} .bank-use")
    expect(bank).to_have_count(2)  # the typed comment, and its edited reuse
    _axe_at_both_widths(teacher)
    _grade_one(teacher, criteria, 3, ["0", "1", "1", "0", "1", "0"], " ", "enter")
    expect(teacher.locator(".flashes")).to_contain_text("attend d")
    expect(heading).to_contain_text("Notation")
    queue = teacher.get_by_role("region", name="Notes en attente de publication")
    for name, total in (("Yanis Belkacem", "19"), ("Malo Bertin", "11"),
                        ("Nolwenn Caradec", "4")):  # fmt: skip
        expect(queue).to_contain_text(f"{name} : {total} / 20")


def _statistics_then_release(teacher: Page, demo: LiveDemo, aid: int, token: str,
                             criteria: list[Criterion]) -> None:  # fmt: skip
    teacher.goto(f"{demo.tool_url}/submissions/{aid}/guide/stats?ltik={token}")
    name = f"Répartition des notes\u00a0: {criteria[0].title}"
    best = teacher.get_by_role("table", name=name).get_by_role("row").filter(
        has_text="Complète")  # fmt: skip
    expect(best.get_by_role("cell")).to_have_text("1")  # Yanis alone
    expect(teacher.get_by_role("img", name=criteria[0].title)).to_be_visible()
    _axe_at_both_widths(teacher)
    teacher.goto(f"{demo.tool_url}/submissions/{aid}/grading?ltik={token}")
    tab_to(teacher, 'form[action*="/grading/release"] button')
    teacher.keyboard.press("Enter")
    expect(teacher.locator(".flashes")).to_contain_text("3 notes publiées.")


def _student_reads(student: Page, demo: LiveDemo, aid: int, token: str,
                   criteria: list[Criterion]) -> None:  # fmt: skip
    student.goto(f"{demo.tool_url}/submissions/{aid}/grade?ltik={token}")
    results = student.get_by_role("table", name="Détail par critère")
    rows = results.get_by_role("row")
    expect(rows.filter(has_text=criteria[3].title)).to_contain_text("3 / 4")
    expect(rows.filter(has_text=criteria[3].title)).to_contain_text(BANKED)
    expect(rows.filter(has_text=criteria[0].title)).to_contain_text("5 / 5 (Complète)")
    expect(rows.filter(has_text="Total")).to_contain_text("19 / 20")
    _axe_at_both_widths(student)
    student.goto(f"{demo.tool_url}/submissions/{aid}?ltik={token}")
    guide = student.get_by_role("region", name="Grille d’évaluation")
    expect(guide).to_contain_text(criteria[0].title)
    _axe_at_both_widths(student)


def test_a_class_graded_by_keyboard_with_the_comment_bank(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    demo = same_site
    aid, criteria = _guide(demo)
    token = ltik(tool_frame(new_page, demo, MATHILDE, "Mathilde Garnier").url)
    teacher = new_page()
    teacher.goto(f"{demo.tool_url}/submissions/{aid}/guide?ltik={token}")
    expect(teacher.get_by_role("heading", level=1)).to_contain_text("Grille")
    expect(teacher.get_by_role("group", name="Critère 7")).to_be_visible()
    _axe_at_both_widths(teacher)
    _move_down_by_keyboard(teacher, criteria[0].title)
    _open_first_student(teacher, demo, aid, token)
    _grade_three(teacher, criteria)
    _statistics_then_release(teacher, demo, aid, token, criteria)
    student_token = ltik(tool_frame(new_page, demo, YANIS, "Yanis Belkacem").url)
    _student_reads(new_page(), demo, aid, student_token, criteria)
