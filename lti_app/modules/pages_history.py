"""Staff pages of a module's life: revisions and their diff, bin and restore."""

from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lti_app.access import audit_action, current_launch, lti_url, staff_required
from lti_app.modules import queries, service
from lti_app.modules.blueprint import bp, get_module_or_404, get_revision_or_404, page
from lti_app.modules.diff import diff_lines
from lti_app.modules.errors import RevisionConflictError
from lti_app.modules.forms import ActionForm

View = str | tuple[str, int] | Response


@bp.get("/<int:module_id>/revisions")
@staff_required
def revisions(module_id: int) -> View:
    """Earlier versions of the module, newest first."""
    module = get_module_or_404(current_launch(), module_id)
    rows = queries.list_revisions(module)
    return page("revisions.html", module=module, rows=rows, form=ActionForm())


@bp.get("/<int:module_id>/revisions/<int:revision>")
@staff_required
def revision(module_id: int, revision: int) -> View:
    """One earlier version, and what changed from it to the current text."""
    module = get_module_or_404(current_launch(), module_id)
    row = get_revision_or_404(module, revision)
    lines = diff_lines(row.body, module.body_markdown)
    return page("revision.html", module=module, row=row, lines=lines,
                form=ActionForm())  # fmt: skip


@bp.post("/<int:module_id>/revisions/<int:revision>/restore")
@staff_required
def restore_revision(module_id: int, revision: int) -> Response:
    """Make an earlier text the current one (the current text is kept too)."""
    context = current_launch()
    module = get_module_or_404(context, module_id)
    row = get_revision_or_404(module, revision)
    if ActionForm().validate_on_submit():
        try:
            service.restore_revision(module, context.user_id, row)
            audit_action("module.restored", target=("module", module.id),
                         details={"revision": revision})  # fmt: skip
            flash(_("Version %(n)d rétablie.", n=revision), "success")
        except RevisionConflictError:
            flash(_("Le module vient d'être modifié ; réessayez."), "error")
    return redirect(lti_url("modules.revisions", module_id=module.id), 303)


@bp.route("/<int:module_id>/delete", methods=["GET", "POST"])
@staff_required
def delete(module_id: int) -> View:
    """Ask for confirmation, then put the module in the bin."""
    module = get_module_or_404(current_launch(), module_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return page("confirm_delete.html", module=module, form=form)
    service.delete_module(module)
    audit_action("module.deleted", target=("module", module.id))
    flash(_("Module « %(title)s » mis à la corbeille.", title=module.title), "success")
    return redirect(lti_url("modules.index"), 303)


@bp.post("/<int:module_id>/restore")
@staff_required
def restore(module_id: int) -> Response:
    """Take the module out of the bin."""
    module = get_module_or_404(current_launch(), module_id)
    if ActionForm().validate_on_submit():
        service.restore_module(module)
        audit_action("module.restored", target=("module", module.id))
        flash(_("Module « %(title)s » restauré.", title=module.title), "success")
    return redirect(lti_url("modules.show", module_id=module.id), 303)


@bp.get("/trash")
@staff_required
def trash() -> View:
    """Modules in the bin."""
    rows = queries.list_modules(current_launch().course_id, staff=True, deleted=True)
    return page("trash.html", rows=rows, form=ActionForm())
