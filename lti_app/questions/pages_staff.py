"""Staff pages: the inbox, answers (edit with history, accept), status, FAQ, pins."""

from __future__ import annotations

from flask import abort, flash, redirect, request
from flask_babel import gettext as _

from lti_app import subjects
from lti_app.access import audit_action, current_launch, lti_url, staff_required
from lti_app.questions import queries, service, threads
from lti_app.questions.blueprint import (
    View,
    bp,
    get_answer_or_404,
    get_question_or_404,
    page,
)
from lti_app.questions.forms import (
    CATEGORY_CHOICES,
    AnswerForm,
    ChoiceForm,
    FaqForm,
    StatusForm,
)
from lti_app.questions.models import STATUSES, VISIBILITIES


def _filters() -> queries.Filters:
    args = request.args
    module = args.get("module", "")
    page_raw = args.get("page", "1")
    return queries.Filters(
        category=args.get("category", "") if args.get("category") in
        dict(CATEGORY_CHOICES) else "",
        module_id=int(module) if module.isdigit() else None,
        status=args.get("status", "") if args.get("status") in STATUSES else "",
        visibility=args.get("visibility", "") if args.get("visibility") in
        VISIBILITIES else "",
        text=args.get("q", "")[:200],
        page=max(int(page_raw), 1) if page_raw.isdigit() else 1,
    )  # fmt: skip


@bp.get("/inbox")
@staff_required
def inbox() -> View:
    """Every question of the course: unanswered first, filtered, searchable."""
    context = current_launch()
    filters = _filters()
    rows, total = queries.list_inbox(context.course_id, filters)
    ids = [row.id for row in rows]
    return page(
        "inbox.html", rows=rows, total=total, filters=filters, context=context,
        counts=queries.counts(ids), titles={row.id: row.title for row in rows},
        askers=threads.asker_labels(rows, threads.Viewer(context.membership_id, True)),
        unread=queries.unread_ids(context.course_id, context.membership_id, ids,
                                  staff=True),
        modules=subjects.list_subjects(context.course_id, "module", staff=True),
        categories=CATEGORY_CHOICES,
    )  # fmt: skip


def _back(question_id: int, anchor: str = "") -> View:
    return redirect(lti_url("questions.show", question_id=question_id,
                            _anchor=anchor or None), 303)  # fmt: skip


@bp.post("/<int:question_id>/answers")
@staff_required
def answer(question_id: int) -> View:
    """Post an answer in Markdown."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return page("answer_form.html", 422, form=form, question=question, answer=None)
    posted = service.post_answer(question, context.membership_id,
                                 (form.body.data or "").replace("\r\n", "\n"))  # fmt: skip
    return _back(question.id, f"answer-{posted.id}")


@bp.route("/<int:question_id>/answers/<int:answer_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_answer(question_id: int, answer_id: int) -> View:
    """Change an answer's text; the earlier text is kept."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    row = get_answer_or_404(question, answer_id)
    form = AnswerForm(formdata=None, body=row.body) if request.method == "GET" else (
        AnswerForm())  # fmt: skip
    if request.method == "POST" and form.validate_on_submit():
        service.edit_answer(row, context.membership_id,
                            (form.body.data or "").replace("\r\n", "\n"))  # fmt: skip
        return _back(question.id, f"answer-{row.id}")
    status = 422 if form.errors else 200
    return page("answer_form.html", status, form=form, question=question, answer=row)


@bp.get("/<int:question_id>/answers/<int:answer_id>/history")
@staff_required
def answer_history(question_id: int, answer_id: int) -> View:
    """The earlier texts of an answer."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    row = get_answer_or_404(question, answer_id)
    revisions = queries.list_answer_revisions(row)
    return page("answer_history.html", question=question, answer=row,
                revisions=revisions, render=threads.render)  # fmt: skip


@bp.post("/<int:question_id>/answers/<int:answer_id>/accept")
@staff_required
def accept(question_id: int, answer_id: int) -> View:
    """Accept (value=1) or un-accept (value=0) an answer."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    row = get_answer_or_404(question, answer_id)
    form = ChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    service.set_accepted(row, form.value.data == "1")
    return _back(question.id, f"answer-{row.id}")


@bp.post("/<int:question_id>/status")
@staff_required
def status(question_id: int) -> View:
    """Mark resolved, or reopen."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    service.set_status(question, form.status.data or "open")
    return _back(question.id)


@bp.post("/<int:question_id>/faq")
@staff_required
def faq_publish(question_id: int) -> View:
    """Put the question, as redacted in the form, in the course FAQ."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    form = FaqForm()
    if not form.validate_on_submit():
        return page("faq_error.html", 422, form=form, question=question)
    service.publish_faq(question, (form.title.data or "").strip(),
                        (form.body.data or "").replace("\r\n", "\n"))  # fmt: skip
    audit_action("faq.published", target=("question", question.id))
    flash(_("La question figure dans la FAQ du cours."), "success")
    return _back(question.id, "faq")


@bp.post("/<int:question_id>/faq/withdraw")
@staff_required
def faq_withdraw(question_id: int) -> View:
    """Take the question out of the FAQ."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    if not ChoiceForm().validate_on_submit():
        abort(400)
    service.withdraw_faq(question)
    return _back(question.id, "faq")


@bp.post("/<int:question_id>/pin")
@staff_required
def pin(question_id: int) -> View:
    """Pin (value=1) or unpin (value=0) at the top of the class list and FAQ."""
    context = current_launch()
    question = get_question_or_404(context, question_id)
    form = ChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    service.set_pinned(question, form.value.data == "1")
    return _back(question.id, "faq")
