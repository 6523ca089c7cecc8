"""Asking a question, and the lists every member reads: mine, the class's, the FAQ."""

from __future__ import annotations

from flask import redirect, request
from flask_babel import gettext as _
from wtforms import SelectChoice

from lti_app import subjects
from lti_app.access import current_launch, launch_required, lti_url
from lti_app.questions import queries, service, threads
from lti_app.questions.blueprint import View, bp, page, viewer
from lti_app.questions.forms import AskForm
from lti_app.questions.models import Question

SMALL_CLASS = 10


def _subject_choices(course_id: int, staff: bool) -> list[SelectChoice]:
    choices = [SelectChoice("", _("Rien de particulier"))]
    for provider in subjects.list_providers():
        group = str(provider.label)
        choices += [
            SelectChoice(f"{provider.kind}:{item_id}", title, optgroup=group)
            for item_id, title in provider.list(course_id, staff)
        ]
    return choices


def _subject(about: str) -> tuple[str | None, int | None]:
    kind, _sep, raw = (about or "").partition(":")
    return (
        (kind, int(raw)) if kind in subjects.KINDS and raw.isdigit() else (None, None)
    )


def _draft(form: AskForm) -> service.QuestionDraft:
    kind, item_id = _subject(form.about.data or "")
    return service.QuestionDraft(
        title=(form.title.data or "").strip(),
        body=(form.body.data or "").replace("\r\n", "\n"),
        category=form.category.data or "cours", visibility=form.visibility.data or "private",
        anonymous=bool(form.anonymous.data), named_consent=bool(form.named_consent.data),
        subject_kind=kind, subject_id=item_id,
    )  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
@launch_required
def ask() -> View:
    """Ask a question; ``?about=module:3`` attaches it to a course item."""
    context = current_launch()
    form = AskForm()
    form.about.choices = _subject_choices(context.course_id, context.is_staff)
    if request.method == "GET" and request.args.get("about"):
        known = {choice.value for choice in form.about.choices}
        form.about.data = (
            request.args["about"] if request.args["about"] in known else ""
        )
    if form.validate_on_submit():
        question = service.create_question(
            context.course_id, context.membership_id, _draft(form)
        )
        return redirect(lti_url("questions.show", question_id=question.id), 303)
    status = 422 if form.errors else 200
    small = queries.student_count(context.course_id) < SMALL_CLASS
    return page("ask.html", status, form=form, small_class=small)


def _list_values(rows: list[Question]) -> dict[str, object]:
    context = current_launch()
    ids = [row.id for row in rows]
    who = viewer(context)
    return {
        "rows": rows,
        "counts": queries.counts(ids),
        "askers": threads.asker_labels(rows, who),
        "titles": {row.id: threads.title_for(row, who) for row in rows},
        "unread": queries.unread_ids(
            context.course_id, context.membership_id, ids, staff=context.is_staff
        ),
        "context": context,
    }


@bp.get("/")
@launch_required
def index() -> View:
    """Staff land in the inbox; students on their own questions."""
    context = current_launch()
    if context.is_staff:
        return redirect(lti_url("questions.inbox"), 303)
    rows = queries.list_mine(context.course_id, context.membership_id)
    return page("mine.html", **_list_values(rows))


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return max(int(raw), 1) if raw.isdigit() else 1


@bp.get("/class")
@launch_required
def class_list() -> View:
    """The questions shared with the class, searchable."""
    context = current_launch()
    text = request.args.get("q", "")[:200]
    rows, total = queries.list_class(context.course_id, text, _page_number())
    return page("class.html", q=text, total=total, page_number=_page_number(),
                **_list_values(rows))  # fmt: skip


@bp.get("/faq")
@launch_required
def faq() -> View:
    """The course FAQ: redacted questions and their answers, pinned first."""
    context = current_launch()
    text = request.args.get("q", "")[:200]
    rows, total = queries.list_class(context.course_id, text, _page_number(), faq=True)
    return page("faq.html", q=text, total=total, page_number=_page_number(),
                **_list_values(rows))  # fmt: skip
