"""Markdown budgets: nesting and size refused where the text is typed (a 422 and a
bilingual message at the form), and a text stored past them shown as plain text.

Every form that takes Markdown is tried as the attack: 10,000 nested ``>``,
thousands of ``[`` and of list levels, in a question, a comment, a module (typed
and imported) and a grade's feedback.
"""

# The fixtures imported from the feature conftests are parameters of the same name.
# ruff: noqa: F811

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from lti_app import budgets, markdown_text
from lti_app.markup import MarkdownBudgetError, check_budget, markdown_depth
from lti_app.modules.rendering import render_module
from lti_app.questions import rendering as question_rendering
from tests.references.conftest import (  # noqa: F401 - fixtures
    Browser,
    person,
    staff,
    student,
)
from tests.submissions.grading_support import (  # noqa: F401 - fixtures
    Course,
    NewAssignment,
    course,
    new_assignment,
)
from tests.support.resources import Cost, measured

SECONDS = 3.0
RSS_MB = 100.0
DEPTH_MESSAGE = "imbrique plus de 32 niveaux"
ATTACKS = {
    "quotes": ">" * 10_000 + " fin",
    "spaced-quotes": "> " * 4_900 + "fin",
    "brackets": "[" * 4_000 + "a" + "]" * 4_000,
    "link-brackets": "![" * 4_000 + "a",
    "list-markers": "- " * 4_900 + "fin",
    "ordered-markers": "1. " * 3_000 + "fin",
    "indented-lists": "".join("  " * n + "- a\n" for n in range(90)),
    "mixed": "> - " * 2_400 + "fin",
}


def plain(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_depth_is_measured_and_refused(attack: str) -> None:
    text = ATTACKS[attack]
    assert markdown_depth(text) > budgets.MARKDOWN_MAX_DEPTH
    with pytest.raises(MarkdownBudgetError) as refused:
        check_budget(text)
    assert (refused.value.code, refused.value.limit) == ("depth", 32)


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        pytest.param("Un paragraphe [lien](http://a) et [@cle].", 1, id="prose"),
        pytest.param("> citation\n> > réponse\n", 2, id="quotes"),
        pytest.param("- a\n  - b\n    - c\n- d\n", 3, id="nested-list"),
        pytest.param("1. un\n2. deux\n   - sous\n", 2, id="ordered"),
        pytest.param("\\[" * 500, 0, id="escaped-brackets"),
        pytest.param("*a* " * 5000, 0, id="emphasis"),
        pytest.param("    - code, not a list\n", 1, id="indented-code"),
    ],
)
def test_ordinary_texts_are_shallow(text: str, depth: int) -> None:
    assert markdown_depth(text) == depth
    check_budget(text)


def test_size_is_refused_past_the_largest_form() -> None:
    with pytest.raises(MarkdownBudgetError) as refused:
        check_budget("a" * (budgets.MARKDOWN_MAX_CHARS + 1))
    assert refused.value.code == "size"


@settings(max_examples=60, deadline=None, derandomize=True)
@given(parts=st.lists(st.sampled_from(["[", "]", ">", "- ", "1. ", "  ", "\n", "a",
                                      "\\[", "*", "`", "> ", "![", "(", ")"]),
                      max_size=3000))  # fmt: skip
def test_any_text_is_checked_fast_then_renders_fast(parts: list[str]) -> None:
    """Past the budget, refused; within it, every renderer answers quickly."""
    text = "".join(parts)
    with measured() as cost:
        try:
            check_budget(text)
        except MarkdownBudgetError:
            within = False
        else:
            within = True
        markdown_text.render(text)
        question_rendering.render(text)
    assert cost.seconds < SECONDS, cost
    assert within == (markdown_depth(text) <= budgets.MARKDOWN_MAX_DEPTH)


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_stored_text_past_the_budget_is_shown_as_text(
    app: Flask, attack: str
) -> None:
    text = ATTACKS[attack] + " <script>x</script>"
    with app.test_request_context(), measured() as cost:
        shown = [
            str(markdown_text.render(text)),
            question_rendering.render(text).markup,
            render_module(text, [], "apa", "fr").html.markup,
        ]
    assert cost.seconds < SECONDS, cost
    for html in shown:
        assert html.startswith("<p>")
        assert "<blockquote>" not in html
        assert "<script>" not in html
        assert "&lt;script&gt;" in html


def _refused(status: int, text: str, cost: Cost) -> None:
    assert status in {400, 422}, text[:3000]
    assert DEPTH_MESSAGE in plain(text), plain(text)[:3000]
    assert cost.seconds < SECONDS, cost
    assert cost.rss_growth_mb < RSS_MB, cost


@pytest.mark.parametrize("attack", ["quotes", "brackets", "list-markers"])
def test_a_deep_question_and_comment_are_refused(
    student: Browser, staff: Browser, attack: str
) -> None:
    body = ATTACKS[attack]
    with measured() as cost:
        asked = student.post("/questions/new", {"title": "Piège", "body": body,
                                                "category": "cours",
                                                "visibility": "private"})  # fmt: skip
    _refused(asked.status_code, asked.text, cost)
    fine = student.post("/questions/new", {"title": "Vraie", "body": "> ok",
                                           "category": "cours",
                                           "visibility": "class"})  # fmt: skip
    assert fine.status_code == 303
    path = fine.location.split("?")[0]
    with measured() as cost:
        commented = student.post(f"{path}/comments", {"body": body})
    _refused(commented.status_code, commented.text, cost)
    with measured() as cost:
        answered = staff.post(f"{path}/answers", {"body": body})
    _refused(answered.status_code, answered.text, cost)


def test_a_deep_module_is_refused_typed_and_imported(staff: Browser) -> None:
    body = "[" * 100_000 + "]" * 100_000  # within the 256 Ki characters of a module
    with measured() as cost:
        typed = staff.post("/modules/new", {"title": "Piège", "body": body,
                                            "preview": "1"})  # fmt: skip
    _refused(typed.status_code, typed.text, cost)
    with measured() as cost:
        imported = staff.post("/modules/import", {
            "file": (io.BytesIO(body.encode()), "piege.md"),
        }, content_type="multipart/form-data")  # fmt: skip
    _refused(imported.status_code, imported.text, cost)


def test_a_deep_feedback_is_refused(
    course: Course, new_assignment: NewAssignment
) -> None:
    aid = new_assignment(course.id)
    mid = course.membership_id("4")
    with measured() as cost:
        graded = course.staff.post(
            f"/submissions/{aid}/grading/{mid}",
            {"score": "12", "feedback": ATTACKS["quotes"]},
            content_type="multipart/form-data",
        )
    _refused(graded.status_code, graded.text, cost)


def test_the_refusal_is_translated(app: Flask) -> None:
    from lti_app.markup_validators import budget_message

    with app.test_request_context(headers={"Accept-Language": "en"}):
        from flask_babel import force_locale

        with force_locale("en"):
            message = budget_message(MarkdownBudgetError("depth", 32))
    assert "nests more than 32 levels" in message
