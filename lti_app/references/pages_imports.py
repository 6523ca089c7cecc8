"""Staff pages that bring references in (paste, DOI, file) and send them out."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lti_app.access import audit_action, current_launch, lti_url, staff_required
from lti_app.lti.context import LaunchContext
from lti_app.references import doi, exports, imports, queries
from lti_app.references.blueprint import (
    bp,
    get_pending_or_404,
    get_section_or_404,
    max_bytes,
    page,
    read_upload,
    resolver,
)
from lti_app.references.errors import DoiMalformed, ReferencesError
from lti_app.references.forms import ConfirmForm, DoiForm, PasteForm, UploadForm

View = str | tuple[str, int] | Response


def _add_page(
    status: int = 200, error: ReferencesError | None = None, **forms: object
) -> View:
    values = {
        "paste": PasteForm(),
        "doi_form": DoiForm(),
        "upload": UploadForm(),
        **forms,
    }
    return page("add.html", status, error=error, limit=max_bytes() // 1024, **values)


def _to_preview(
    context: LaunchContext, source: str, parsed: imports.Parsed
) -> Response:
    seconds = int(current_app.config["CARTABLE_IMPORT_SECONDS"])
    pending = imports.analyse(
        context.course_id, context.user_id, source, parsed, timedelta(seconds=seconds)
    )
    return redirect(lti_url("references.preview", pending_id=pending.id), 303)


@bp.get("/add")
@staff_required
def add() -> View:
    """Three ways in: paste BibTeX, look up a DOI, send a file."""
    return _add_page()


@bp.post("/add/paste")
@staff_required
def paste() -> View:
    """Analyse pasted BibTeX entries, then show the preview."""
    context = current_launch()
    form = PasteForm()
    if not form.validate_on_submit():
        return _add_page(422, paste=form)
    data = (form.text.data or "").encode("utf-8")
    try:
        parsed = imports.read_input(data, "", max_bytes(), upload=False)
        return _to_preview(context, _("texte collé"), parsed)
    except ReferencesError as error:
        return _add_page(error.status, error, paste=form)


@bp.post("/add/doi")
@staff_required
def doi_lookup() -> View:
    """Look a DOI up with the resolver, then show the preview."""
    context = current_launch()
    form = DoiForm()
    if not form.validate_on_submit():
        return _add_page(422, doi_form=form)
    try:
        wanted = doi.normalise_input(form.doi.data or "")
        body = doi.fetch_csl(wanted, *resolver())
        parsed = imports.read_input(body, "doi.json", max_bytes(), upload=True)
    except ReferencesError as error:
        if error.status == 400:  # unreadable JSON from the resolver
            error = DoiMalformed(error.detail)
        return _add_page(error.status, error, doi_form=form)
    taken = [r.key for r in queries.list_all_references(context.course_id)]
    entries = []
    for reference, _text, line in parsed.entries:
        renamed = imports.rename(reference, taken)
        taken.append(renamed.key)
        entries.append((renamed, imports.formatted_text(renamed), line))
    return _to_preview(context, f"DOI {wanted}", imports.Parsed("csljson", entries, []))


@bp.post("/add/upload")
@staff_required
def upload() -> View:
    """Analyse an uploaded .bib, .ris or CSL-JSON file, then show the preview."""
    context = current_launch()
    form = UploadForm()
    if not form.validate_on_submit():
        return _add_page(400, upload=form)
    name, data = read_upload(form.file.data, max_bytes())
    try:
        parsed = imports.read_input(data, name, max_bytes(), upload=True)
        return _to_preview(context, name, parsed)
    except ReferencesError as error:
        return _add_page(error.status, error, upload=form)


@bp.get("/imports/<int:pending_id>")
@staff_required
def preview(pending_id: int) -> View:
    """What the import will add, merge or reject, and why."""
    pending = get_pending_or_404(current_launch(), pending_id)
    status = 410 if queries.is_expired(pending) else 200
    return page("preview.html", status, pending=pending, form=ConfirmForm(),
                expired=status == 410, problem=imports.problem_from_json)  # fmt: skip


@bp.post("/imports/<int:pending_id>")
@staff_required
def decide(pending_id: int) -> View:
    """Confirm (atomically) or cancel a pending import."""
    context = current_launch()
    pending = get_pending_or_404(context, pending_id)
    form = ConfirmForm()
    if not form.validate_on_submit() or form.decision.data not in {"confirm", "cancel"}:
        abort(400)
    if form.decision.data == "cancel":
        imports.cancel(pending)
        flash(_("Importation annulée : rien n'a été ajouté."), "success")
        return redirect(lti_url("references.add"), 303)
    if queries.is_expired(pending):
        return page("preview.html", 410, pending=pending, form=form, expired=True,
                    problem=imports.problem_from_json)  # fmt: skip
    choices = {
        index: request.form.get(f"choice-{index}", "keep")
        for index in range(len(pending.candidates))
    }
    try:
        summary = imports.confirm(pending, context.user_id, choices)
    except ReferencesError as error:
        flash(error.text(), "error")
        return redirect(lti_url("references.add"), 303)
    audit_action("import.confirmed", target=("import", pending.id),
                 details={"kind": "references", "added": summary.added,
                          "replaced": summary.replaced})  # fmt: skip
    flash(_("Importation terminée : %(added)s ajoutée(s), %(replaced)s remplacée(s), "
            "%(kept)s conservée(s), %(rejected)s rejetée(s).", added=summary.added,
            replaced=summary.replaced, kept=summary.kept,
            rejected=summary.rejected), "success")  # fmt: skip
    return redirect(lti_url("references.index"), 303)


@bp.get("/export")
@staff_required
def export() -> Response:
    """Download the bibliography, or one section, as BibTeX, RIS or CSL-JSON."""
    context = current_launch()
    kind = request.args.get("format", "bibtex")
    if kind not in exports.FORMATS:
        abort(400)
    section_id = request.args.get("section", "")
    if section_id.isdigit():
        section = get_section_or_404(context, int(section_id))
        rows = [item.reference for item in queries.list_items(section)]
        name = f"{context.course_title}-{section.title}"
    else:
        rows = queries.list_references(context.course_id, by_key=False)
        name = context.course_title
    result = exports.export(rows, kind, name)
    response = Response(result.body, mimetype=result.mimetype.split(";")[0])
    response.headers["Content-Type"] = result.mimetype
    response.headers.set("Content-Disposition", "attachment", filename=result.filename)
    return response
