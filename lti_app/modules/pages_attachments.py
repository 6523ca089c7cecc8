"""Files of a module: staff upload and delete them, course members open them."""

from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, send_file
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lti_app.access import current_launch, launch_required, lti_url, staff_required
from lti_app.modules import attachments
from lti_app.modules.blueprint import bp, get_module_or_404, page
from lti_app.modules.errors import ModulesError
from lti_app.modules.forms import ActionForm, AttachmentForm
from lti_app.modules.models import Module, ModuleAttachment

DEFAULT_MAX_ATTACHMENT = 5 * 1024 * 1024


def _attachment_or_404(module: Module, attachment_id: int) -> ModuleAttachment:
    row = attachments.find_attachment(module, attachment_id)
    if row is None:
        abort(404)
    return row


@bp.post("/<int:module_id>/files")
@staff_required
def upload(module_id: int) -> Response | tuple[str, int]:
    """Attach an image or a PDF (type proven by content, size limited)."""
    context = current_launch()
    module = get_module_or_404(context, module_id)
    form = AttachmentForm()
    if not form.validate_on_submit():
        return page("attachment_error.html", 400, module=module, error=None)
    limit = int(current_app.config.get("CARTABLE_ATTACHMENT_MAX_BYTES",
                                       DEFAULT_MAX_ATTACHMENT))  # fmt: skip
    upload = form.file.data
    try:
        data, kind = attachments.read_upload(upload.stream, limit)
    except ModulesError as error:
        return page("attachment_error.html", error.status, module=module, error=error)
    row = attachments.add_attachment(module, context.user_id, upload.filename or "",
                                     data, kind)  # fmt: skip
    flash(_("Fichier ajouté : %(name)s.", name=row.filename), "success")
    return redirect(lti_url("modules.edit", module_id=module.id, _anchor="files"), 303)


@bp.get("/<int:module_id>/files/<int:attachment_id>")
@launch_required
def attachment(module_id: int, attachment_id: int) -> Response:
    """Send a file to a member who may read the module."""
    module = get_module_or_404(current_launch(), module_id)
    row = _attachment_or_404(module, attachment_id)
    # Files are small (size-limited): read whole, so no open handle outlives the view.
    data = attachments.read_attachment(row)
    if data is None:
        abort(404)
    response = send_file(
        io.BytesIO(data),
        mimetype=row.content_type,
        download_name=row.filename,
        as_attachment=not row.content_type.startswith("image/"),
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/<int:module_id>/files/<int:attachment_id>/delete")
@staff_required
def delete_attachment(module_id: int, attachment_id: int) -> Response:
    """Remove a file from the module."""
    module = get_module_or_404(current_launch(), module_id)
    row = _attachment_or_404(module, attachment_id)
    if ActionForm().validate_on_submit():
        attachments.delete_attachment(row)
        flash(_("Fichier supprimé."), "success")
    return redirect(lti_url("modules.edit", module_id=module.id, _anchor="files"), 303)
