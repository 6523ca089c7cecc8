"""Suggestions: students suggest or ask; staff accept, answer or decline."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from lti_app.access import current_launch, launch_required, lti_url, staff_required
from lti_app.references import adoption, queries, suggestions
from lti_app.references.blueprint import (
    bp,
    get_suggestion_or_404,
    max_bytes,
    page,
    resolver,
)
from lti_app.references.errors import ReferencesError
from lti_app.references.forms_reading import (
    AcceptForm,
    AnswerForm,
    DeclineForm,
    SuggestionForm,
)
from lti_app.references.models import SUGGESTION_STATUSES, Suggestion

View = str | tuple[str, int] | Response


@bp.route("/suggestions", methods=["GET", "POST"])
@launch_required
def suggestions_page() -> View:
    """Suggest a reference or ask for some; follow one's own suggestions."""
    context = current_launch()
    form = SuggestionForm()
    if form.validate_on_submit():
        kind = form.kind.data
        found = suggestions.create_suggestion(
            context.course_id, context.user_id, kind,
            text=(form.text.data or "").strip(),
            doi=(form.doi.data or "").strip() if kind == "reference" else None,
            bibtex=(form.bibtex.data or "").strip() if kind == "reference" else None,
        )  # fmt: skip
        flash(_("Merci : votre message a été transmis à l'équipe pédagogique."),
              "success")  # fmt: skip
        return redirect(lti_url("references.suggestion", suggestion_id=found.id), 303)
    rows = suggestions.list_own_suggestions(context.course_id, context.user_id)
    status = 422 if form.is_submitted() else 200
    return page("suggestions.html", status, form=form, rows=rows)


@bp.get("/suggestions/<int:suggestion_id>")
@launch_required
def suggestion(suggestion_id: int) -> View:
    """One's own suggestion, its status and the staff's answer."""
    found = get_suggestion_or_404(current_launch(), suggestion_id)
    return page("suggestion.html", row=found)


@bp.get("/inbox")
@staff_required
def inbox() -> View:
    """The suggestions and requests of the course, open ones first."""
    context = current_launch()
    wanted = request.args.get("status", "open")
    wanted = wanted if wanted in SUGGESTION_STATUSES else ""
    rows = suggestions.list_inbox(context.course_id, wanted)
    return page("inbox.html", rows=rows, wanted=wanted,
                statuses=SUGGESTION_STATUSES)  # fmt: skip


_NO_SECTION = _l("Aucune (seulement dans la bibliographie)")


def _accept_form(course_id: int) -> AcceptForm:
    form = AcceptForm(prefix="accept")
    form.section_id.choices = [SelectChoice(0, _NO_SECTION)] + [
        SelectChoice(s.id, s.title) for s in queries.list_sections(course_id)
    ]
    return form


def _inbox_page(row: Suggestion, status: int = 200, **values: object) -> View:
    forms = {
        "accept": _accept_form(row.course_id),
        "answer": AnswerForm(prefix="answer"),
        "decline": DeclineForm(prefix="decline"),
        "error": None,
        **values,
    }
    return page("inbox_item.html", status, row=row,
                has_entry=adoption.has_entry(row), **forms)  # fmt: skip


def _open_or_back(row: Suggestion) -> Response | None:
    if row.status == "open":
        return None
    flash(_("Cette suggestion a déjà été traitée."), "error")
    return redirect(lti_url("references.inbox_item", suggestion_id=row.id), 303)


@bp.get("/inbox/<int:suggestion_id>")
@staff_required
def inbox_item(suggestion_id: int) -> View:
    """A suggestion and the three ways to settle it."""
    return _inbox_page(
        get_suggestion_or_404(current_launch(), suggestion_id, own=False)
    )


@bp.post("/inbox/<int:suggestion_id>/accept")
@staff_required
def inbox_accept(suggestion_id: int) -> View:
    """Add the suggested reference (DOI resolved, BibTeX parsed), maybe place it."""
    context = current_launch()
    row = get_suggestion_or_404(context, suggestion_id, own=False)
    form = _accept_form(context.course_id)
    if not form.validate_on_submit():
        return _inbox_page(row, 422, accept=form)
    if (back := _open_or_back(row)) is not None:
        return back
    if not adoption.has_entry(row):  # free text: staff type the entry, prefilled
        return redirect(lti_url("references.new", suggestion=row.id), 303)
    section = queries.find_section(context.course_id, form.section_id.data or 0)
    placement = adoption.Placement(section, form.importance.data, form.note.data or "")
    try:
        entry = adoption.read_entry(row, *resolver(), max_bytes())
        added = adoption.accept(row, context.user_id, entry, placement,
                                (form.message.data or "").strip())  # fmt: skip
    except ReferencesError as error:
        return _inbox_page(row, error.status, accept=form, error=error)
    flash(_("Suggestion acceptée : « %(key)s » est dans la bibliographie.",
            key=added.key), "success")  # fmt: skip
    return redirect(lti_url("references.inbox"), 303)


@bp.post("/inbox/<int:suggestion_id>/answer")
@staff_required
def inbox_answer(suggestion_id: int) -> View:
    """Answer a request: the student reads the answer on their page."""
    context = current_launch()
    row = get_suggestion_or_404(context, suggestion_id, own=False)
    form = AnswerForm(prefix="answer")
    if not form.validate_on_submit():
        return _inbox_page(row, 422, answer=form)
    if (back := _open_or_back(row)) is not None:
        return back
    suggestions.answer_suggestion(
        row, context.user_id, (form.answer.data or "").strip()
    )
    flash(_("Réponse envoyée."), "success")
    return redirect(lti_url("references.inbox"), 303)


@bp.post("/inbox/<int:suggestion_id>/decline")
@staff_required
def inbox_decline(suggestion_id: int) -> View:
    """Decline a suggestion with a message to the student."""
    context = current_launch()
    row = get_suggestion_or_404(context, suggestion_id, own=False)
    form = DeclineForm(prefix="decline")
    if not form.validate_on_submit():
        return _inbox_page(row, 422, decline=form)
    if (back := _open_or_back(row)) is not None:
        return back
    message = (form.message.data or "").strip()
    suggestions.decline_suggestion(row, context.user_id, message)
    flash(_("Suggestion déclinée ; l'étudiant·e verra votre message."), "success")
    return redirect(lti_url("references.inbox"), 303)
