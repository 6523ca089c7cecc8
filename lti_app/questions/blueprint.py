"""The ``questions`` blueprint and its scoped loaders."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template
from werkzeug.wrappers import Response

from lti_app.lti.context import LaunchContext
from lti_app.questions import queries
from lti_app.questions.models import Answer, Question
from lti_app.questions.threads import Viewer

bp = Blueprint("questions", __name__, url_prefix="/questions")
View = str | tuple[str, int] | Response


def viewer(context: LaunchContext) -> Viewer:
    """The person looking, as the anonymity rules need them."""
    return Viewer(context.membership_id, context.is_staff)


def can_read(question: Question, context: LaunchContext) -> bool:
    """Staff read all; a student their own, the class's, and the FAQ."""
    return (
        context.is_staff
        or question.author_id == context.membership_id
        or question.visibility == "class"
        or question.faq
    )


def get_question_or_404(context: LaunchContext, question_id: int) -> Question:
    """A question of the current course this person may read; 404 otherwise.

    Someone else's private question answers exactly like one that does not
    exist: its existence is not revealed either.
    """
    question = queries.find_question(context.course_id, question_id)
    if question is None or not can_read(question, context):
        abort(404)
    return question


def get_own_question_or_404(context: LaunchContext, question_id: int) -> Question:
    """A question the current person asked."""
    question = get_question_or_404(context, question_id)
    if question.author_id != context.membership_id:
        abort(404)
    return question


def get_answer_or_404(question: Question, answer_id: int) -> Answer:
    """An answer of a question already loaded and authorised."""
    answer = queries.find_answer(question, answer_id)
    if answer is None:
        abort(404)
    return answer


def can_comment(question: Question, context: LaunchContext) -> bool:
    """Staff and the asker always; classmates on class questions."""
    return (
        context.is_staff
        or question.author_id == context.membership_id
        or question.visibility == "class"
    )


def page(template: str, status: int = 200, **values: Any) -> tuple[str, int]:
    """Render a page of this blueprint with a status."""
    return render_template(f"questions/{template}", **values), status
