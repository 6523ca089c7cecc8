"""A thread: the question, its answers and follow-ups; comment, "moi aussi", consent."""

from __future__ import annotations

from flask import abort, redirect

from lti_app import subjects
from lti_app.access import current_launch, launch_required, lti_url
from lti_app.lti.context import LaunchContext
from lti_app.questions import queries, service, threads
from lti_app.questions.blueprint import (
    View,
    bp,
    can_comment,
    get_own_question_or_404,
    get_question_or_404,
    page,
    viewer,
)
from lti_app.questions.forms import (
    ActionForm,
    AnswerForm,
    ChoiceForm,
    CommentForm,
    FaqForm,
    StatusForm,
)
from lti_app.questions.models import Question


def _posts(question: Question, context: LaunchContext) -> dict[str, object]:
    """Answers and follow-ups labelled for this viewer (see threads.py)."""
    who = viewer(context)
    answers = queries.list_answers(question)
    redacted = threads.redacted_for(question, who)
    # A FAQ entry shows classmates its answers, never the private exchange.
    comments = [] if redacted and question.visibility != "class" else (
        queries.list_comments(question))  # fmt: skip
    names = threads.Names(question, who, {a.author_id for a in answers if a.author_id}
                          | {c.author_id for c in comments})  # fmt: skip
    return {
        "asker": names.asker(),
        "answers": [
            threads.Post(
                a.id,
                names.poster(a.author_id or 0, False),
                True,
                a.author_id == context.membership_id,
                threads.render(a.body),
                a.created_at,
                a.accepted,
                a.revision,
            )
            for a in answers
        ],
        "comments": [
            threads.Post(
                c.id,
                names.poster(c.author_id, c.anonymous),
                False,
                c.author_id == context.membership_id,
                threads.render(c.body),
                c.created_at,
            )
            for c in comments
        ],
        "redacted": redacted,
        "title": threads.title_for(question, who),
        "body": threads.body_for(question, who),
    }


def _subject_title(question: Question, context: LaunchContext) -> str | None:
    if not question.subject_kind or question.subject_id is None:
        return None
    return subjects.find_subject_title(context.course_id, question.subject_kind,
                                       question.subject_id, staff=context.is_staff)  # fmt: skip


@bp.get("/<int:question_id>")
@launch_required
def show(question_id: int) -> View:
    """The thread, as this person may see it; reading it clears its unread mark."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    votes, voted = queries.vote_state(question, context.membership_id)
    values = _posts(question, context)
    if queries.is_unread(question, context.membership_id):
        service.mark_read(question, context.membership_id)
    mine = question.author_id == context.membership_id
    return page(
        "show.html", question=question, context=context, mine=mine, votes=votes,
        voted=voted, subject=_subject_title(question, context),
        comment_form=CommentForm(anonymous=mine and question.anonymous)
        if can_comment(question, context) else None,
        choice=ChoiceForm(), action=ActionForm(), status_form=StatusForm(),
        answer_form=AnswerForm() if context.is_staff else None,
        faq_form=FaqForm(formdata=None, title=question.faq_title or question.title,
                         body=question.faq_body or question.body)
        if context.is_staff else None,
        **values,
    )  # fmt: skip


@bp.post("/<int:question_id>/comments")
@launch_required
def comment(question_id: int) -> View:
    """Add a follow-up; the asker of an anonymous question stays anonymous."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    if not can_comment(question, context):
        abort(404)
    form = CommentForm()
    if not form.validate_on_submit():
        return page("comment_error.html", 422, form=form, question=question)
    mine = question.author_id == context.membership_id
    anonymous = bool(form.anonymous.data) or (mine and question.anonymous)
    service.post_comment(question, context.membership_id,
                         (form.body.data or "").replace("\r\n", "\n"),
                         anonymous=anonymous and not context.is_staff)  # fmt: skip
    return redirect(lti_url("questions.show", question_id=question.id,
                            _anchor="comments"), 303)  # fmt: skip


@bp.post("/<int:question_id>/vote")
@launch_required
def vote(question_id: int) -> View:
    """ "Moi aussi" on a class question (value=1), or take it back (value=0)."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    form = ChoiceForm()
    if question.visibility != "class" or not form.validate_on_submit():
        abort(400)
    service.set_vote(question, context.membership_id, form.value.data == "1")
    return redirect(lti_url("questions.show", question_id=question.id,
                            _anchor="votes"), 303)  # fmt: skip


@bp.post("/<int:question_id>/consent")
@launch_required
def consent(question_id: int) -> View:
    """The asker agrees (1) or not (0) to be named if the question goes to the FAQ."""
    context = current_launch()
    question = get_own_question_or_404(context, question_id)
    form = ChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    service.set_consent(question, form.value.data == "1")
    return redirect(lti_url("questions.show", question_id=question.id,
                            _anchor="consent"), 303)  # fmt: skip
