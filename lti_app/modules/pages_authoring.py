"""Staff pages that write modules: create, edit (with preview), import, publish."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lti_app.access import audit_action, current_launch, lti_url, staff_required
from lti_app.modules import attachments, drafts, render_cache, service
from lti_app.modules.blueprint import (
    bp,
    get_module_or_404,
    language,
    page,
    read_markdown,
)
from lti_app.modules.errors import ModulesError, RevisionConflictError
from lti_app.modules.forms import (
    ActionForm,
    AttachmentForm,
    ImportForm,
    ModuleForm,
    MoveForm,
    StatusForm,
)
from lti_app.modules.models import Module

View = str | tuple[str, int] | Response


def _draft(form: ModuleForm) -> service.Draft:
    return service.Draft(
        (form.title.data or "").strip(),
        (form.body.data or "").replace("\r\n", "\n"),
        form.available_from.data,
        form.available_until.data,
    )


def _editor(form: ModuleForm, module: Module | None, status: int = 200,
            error: ModulesError | None = None) -> View:  # fmt: skip
    context = current_launch()
    preview = None
    if "preview" in request.form or error is not None:
        preview = render_cache.preview(
            context.course_id, form.body.data or "", language()
        )
    offer = None
    if request.method == "GET":
        offer = drafts.find_newer_draft(context.course_id, context.user_id, module)
        if offer is not None and request.args.get("draft") == "restore":
            form.title.data, form.body.data = offer.title, offer.body
            if offer.base_revision is not None:
                form.base_revision.data = str(offer.base_revision)
            offer = None
    files = attachments.list_attachments(module) if module is not None else []
    return page("form.html", status, form=form, module=module, preview=preview,
                error=error, draft=offer, attachments=files,
                attachment_form=AttachmentForm(formdata=None),
                action_form=ActionForm(formdata=None))  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new() -> View:
    """Write a new module (saved as a draft)."""
    context = current_launch()
    form = ModuleForm()
    if not form.is_submitted():
        return _editor(form, None)
    if not form.validate():
        return _editor(form, None, 422)
    if "preview" in request.form:
        return _editor(form, None)
    module = service.create_module(context.course_id, context.user_id, _draft(form))
    drafts.clear_draft(context.course_id, context.user_id, None)
    flash(_("Module créé (brouillon)."), "success")
    return redirect(lti_url("modules.show", module_id=module.id), 303)


@bp.route("/<int:module_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(module_id: int) -> View:
    """Edit a module; a save over a newer revision is refused with 409."""
    context = current_launch()
    module = get_module_or_404(context, module_id)
    form = ModuleForm(obj=None if request.method == "POST" else module)
    if not form.is_submitted():
        form.body.data = module.body_markdown
        form.base_revision.data = str(module.revision)
        return _editor(form, module)
    base = form.base()
    if not form.validate() or base is None:
        return _editor(form, module, 422)
    if "preview" in request.form:
        return _editor(form, module)
    try:
        service.update_module(module, context.user_id, _draft(form), base)
    except RevisionConflictError as error:
        # Saving again is now a deliberate choice, made after seeing the message.
        form.base_revision.data = str(error.current)
        return _editor(form, module, error.status, error)
    drafts.clear_draft(context.course_id, context.user_id, module)
    flash(_("Module enregistré."), "success")
    return redirect(lti_url("modules.show", module_id=module.id), 303)


@bp.post("/import")
@staff_required
def import_file() -> View:
    """A new draft module from an uploaded Markdown file."""
    context = current_launch()
    form = ImportForm()
    if not form.validate_on_submit():
        return page("import.html", 400, form=form, error=None)
    try:
        name, text = read_markdown(form.file.data)
    except ModulesError as error:
        return page("import.html", error.status, form=form, error=error)
    title = _title_of(text) or name.rsplit(".", 1)[0] or _("Module importé")
    draft = service.Draft(title[:255], text.replace("\r\n", "\n"))
    module = service.create_module(context.course_id, context.user_id, draft)
    audit_action("import.confirmed", target=("module", module.id),
                 details={"kind": "markdown"})  # fmt: skip
    flash(_("Module importé depuis %(name)s (brouillon).", name=name), "success")
    return redirect(lti_url("modules.edit", module_id=module.id), 303)


@bp.get("/import")
@staff_required
def import_page() -> View:
    """The Markdown import form."""
    return page("import.html", form=ImportForm(), error=None)


def _title_of(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


@bp.post("/<int:module_id>/status")
@staff_required
def status(module_id: int) -> Response:
    """Publish the module to students, or take it back to draft."""
    context = current_launch()
    module = get_module_or_404(context, module_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return redirect(lti_url("modules.show", module_id=module.id), 303)
    published = form.status.data == "published"
    service.set_status(module, context.user_id, published)
    flash(_("Module publié.") if published else _("Module repassé en brouillon."),
          "success")  # fmt: skip
    return redirect(lti_url("modules.show", module_id=module.id), 303)


@bp.post("/<int:module_id>/move")
@staff_required
def move(module_id: int) -> Response:
    """Move a module one place up or down in the list."""
    module = get_module_or_404(current_launch(), module_id)
    form = MoveForm()
    if form.validate_on_submit():
        service.move_module(module, str(form.direction.data))
    return redirect(lti_url("modules.index", _anchor=f"module-{module.id}"), 303)
