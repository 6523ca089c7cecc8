"""Staff pages of single references: list, add, show, edit, delete, history."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from bibliography import Entry, Reference
from lti_app.access import audit_action, current_launch, lti_url, staff_required
from lti_app.lti.context import LaunchContext
from lti_app.references import adoption, queries, render_cache, service
from lti_app.references.blueprint import (
    bp,
    get_reference_or_404,
    get_suggestion_or_404,
    page,
)
from lti_app.references.citekeys import make_key
from lti_app.references.codec import Stored
from lti_app.references.entries import (
    build_entry,
    entry_problems,
    entry_types,
    fields_for,
    form_values,
    parse_stored_entry,
)
from lti_app.references.errors import ReferencesError
from lti_app.references.forms import ActionForm, ReferenceForm, reference_form
from lti_app.references.models import Suggestion
from lti_app.references.rendering import render_one

View = str | tuple[str, int] | Response


def _int(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    return int(value) if value.isdigit() else None


@bp.get("/")
@staff_required
def index() -> View:
    """Search and filter the course bibliography."""
    context = current_launch()
    filters = queries.Filters(
        q=request.args.get("q", "")[:200], entry_type=request.args.get("type", ""),
        section_id=_int("section"), year_from=_int("from"), year_to=_int("to"),
    )  # fmt: skip
    results = queries.search_references(context.course_id, filters, _int("page") or 1)
    return page(
        "index.html", filters=filters, results=results,
        types=queries.list_entry_types(context.course_id),
        sections=queries.list_sections(context.course_id),
    )  # fmt: skip


def _chosen_type(default: str) -> str:
    wanted = request.values.get("entry_type") or request.args.get("type") or default
    return wanted if wanted in entry_types() else default


def _typed_form(default: str, extra: tuple[str, ...] = ()) -> ReferenceForm:
    """The form of the chosen type; on a type change, every field typed stays."""
    typed = tuple(
        name[2:] for name, value in request.form.items()
        if name.startswith("f_") and value.strip()
    )  # fmt: skip
    form = reference_form(fields_for(_chosen_type(default), (*extra, *typed)))
    form.entry_type.data = form.type_fields.entry_type
    return form


def _changing_type() -> bool:
    return request.method == "POST" and "change_type" in request.form


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new() -> View:
    """Type a reference in a form that knows the fields of its type."""
    context = current_launch()
    suggested = _suggestion(context)
    form = _typed_form("book")
    if request.method == "GET" and suggested is not None:
        _prefill(form, suggested.text)
    if request.method == "POST" and not _changing_type() and form.validate():
        try:
            data = _built(form, context.course_id)
            row = service.create_reference(context.course_id, context.user_id, data)
        except ReferencesError as error:
            return page("form.html", error.status, form=form, row=None, error=error)
        if suggested is not None and suggested.status == "open":
            adoption.accept_existing(suggested, context.user_id, row, "")
        flash(_("Référence « %(key)s » ajoutée.", key=row.key), "success")
        return redirect(lti_url("references.show", reference_id=row.id), 303)
    status = 422 if form.errors else 200
    return page("form.html", status, form=form, row=None, error=None,
                suggested=suggested)  # fmt: skip


def _prefill(form: ReferenceForm, text: str) -> None:
    """A free-text suggestion as a start: its first line as title, all as note."""
    lines = text.strip().splitlines() or [""]
    for name, value in (("f_title", lines[0][:300]), ("f_note", text.strip())):
        if name in form:
            form[name].data = value


def _suggestion(context: LaunchContext) -> Suggestion | None:
    """The free-text suggestion this form was opened from, if any."""
    wanted = request.args.get("suggestion", "")
    if not wanted.isdigit():
        return None
    return get_suggestion_or_404(context, int(wanted), own=False)


def _built(
    form: ReferenceForm,
    course_id: int,
    previous: tuple[Entry, Reference] | None = None,
    own_id: int | None = None,
) -> Stored:
    """The entry as typed; an empty key is made from the name and the year."""
    entry_type, values = form.type_fields.entry_type, form.field_values()
    key = (form.key.data or "").strip()
    if not key:
        draft = build_entry(entry_type, "draft", values, previous).reference()

        def taken(candidate: str) -> bool:
            found = queries.find_reference_by_key(course_id, candidate)
            return found is not None and found.id != own_id

        key = make_key(draft, taken)
        form.key.data = key
    return build_entry(entry_type, key, values, previous)


@bp.get("/<int:reference_id>")
@staff_required
def show(reference_id: int) -> View:
    """One reference: rendered in the course style, as written, where it is used."""
    context = current_launch()
    row = get_reference_or_404(context, reference_id)
    meaning = Reference.from_json(row.meaning)
    rendered = render_cache.rendered_entries(
        context.course_id, [row.id], context.locale
    ).get(row.id) or render_one(  # entries in the bin are not cached
        meaning, queries.effective_style(context.course_id), context.locale
    )
    return page(
        "show.html", row=row, rendered=rendered, problems=entry_problems(row.bibtex),
        subtitle=meaning.get("subtitle"),
        placements=queries.list_placements(row), action=ActionForm(),
    )  # fmt: skip


@bp.route("/<int:reference_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(reference_id: int) -> View:
    """Edit a reference; the previous version is kept in its history."""
    context = current_launch()
    row = get_reference_or_404(context, reference_id)
    previous = parse_stored_entry(row.bibtex)
    extra = tuple(f.name.lower() for f in previous[0].fields) if previous else ()
    form = _typed_form(row.entry_type, extra)
    if request.method == "GET":
        form.key.data = row.key
        for name, value in form_values(Reference.from_json(row.meaning)).items():
            if f"f_{name}" in form:
                form[f"f_{name}"].data = value
    if request.method == "POST" and not _changing_type() and form.validate():
        try:
            data = _built(form, context.course_id, previous, row.id)
            service.update_reference(row, context.user_id, data)
        except ReferencesError as error:
            return page("form.html", error.status, form=form, row=row, error=error)
        flash(_("Référence « %(key)s » enregistrée.", key=row.key), "success")
        return redirect(lti_url("references.show", reference_id=row.id), 303)
    status = 422 if form.errors else 200
    return page("form.html", status, form=form, row=row, error=None)


@bp.route("/<int:reference_id>/delete", methods=["GET", "POST"])
@staff_required
def delete(reference_id: int) -> View:
    """Ask, then move the reference to the bin."""
    context = current_launch()
    row = get_reference_or_404(context, reference_id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return page("confirm_delete.html", 400, row=row, form=form)
        service.delete_reference(row, context.user_id)
        audit_action("reference.deleted", target=("reference", row.id))
        flash(
            _("Référence « %(key)s » placée dans la corbeille.", key=row.key), "success"
        )
        return redirect(lti_url("references.index"), 303)
    return page("confirm_delete.html", row=row, form=form,
                placements=queries.list_placements(row))  # fmt: skip


@bp.post("/<int:reference_id>/undelete")
@staff_required
def undelete(reference_id: int) -> View:
    """Take a reference out of the bin."""
    context = current_launch()
    row = get_reference_or_404(context, reference_id)
    if not ActionForm().validate_on_submit():
        return page("trash.html", 400, rows=[], form=ActionForm())
    service.undelete_reference(row, context.user_id)
    audit_action("reference.restored", target=("reference", row.id))
    flash(_("Référence « %(key)s » restaurée.", key=row.key), "success")
    return redirect(lti_url("references.show", reference_id=row.id), 303)


@bp.get("/trash")
@staff_required
def trash() -> View:
    """References in the bin, restorable."""
    context = current_launch()
    rows = queries.list_references(context.course_id, deleted=True)
    return page("trash.html", rows=rows, form=ActionForm())


@bp.get("/<int:reference_id>/history")
@staff_required
def history(reference_id: int) -> View:
    """Earlier versions of a reference, each restorable."""
    context = current_launch()
    row = get_reference_or_404(context, reference_id)
    return page("history.html", row=row, revisions=queries.list_revisions(row),
                form=ActionForm())  # fmt: skip


@bp.post("/<int:reference_id>/history/<int:revision>/restore")
@staff_required
def restore(reference_id: int, revision: int) -> View:
    """Make an earlier version current again (the current one is kept too)."""
    context = current_launch()
    row = get_reference_or_404(context, reference_id)
    version = queries.find_revision(row, revision)
    if version is None:
        return page("history.html", 404, row=row, revisions=[], form=ActionForm())
    if not ActionForm().validate_on_submit():
        return page("history.html", 400, row=row, revisions=[], form=ActionForm())
    try:
        service.restore_revision(row, version, context.user_id)
    except ReferencesError as error:
        flash(error.text(), "error")
        return redirect(lti_url("references.history", reference_id=row.id), 303)
    audit_action("reference.restored", target=("reference", row.id),
                 details={"revision": revision})  # fmt: skip
    flash(_("Version %(number)s restaurée.", number=revision), "success")
    return redirect(lti_url("references.show", reference_id=row.id), 303)
