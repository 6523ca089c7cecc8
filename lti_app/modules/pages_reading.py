"""Pages every member reads: the module list and a module, with "mark as read"."""

from __future__ import annotations

from flask import redirect
from werkzeug.wrappers import Response

from lti_app import course_content
from lti_app.access import current_launch, launch_required, lti_url
from lti_app.modules import queries, render_cache, service
from lti_app.modules.blueprint import (
    bp,
    get_module_and_progress_or_404,
    get_module_or_404,
    language,
    page,
)
from lti_app.modules.forms import ActionForm, MoveForm, ReadForm, StatusForm

View = str | tuple[str, int] | Response


@bp.get("/")
@launch_required
def index() -> View:
    """The modules of the course: all for staff, with reading figures."""
    context = current_launch()
    rows = queries.list_modules(context.course_id, staff=context.is_staff)
    figures = queries.figures(context.course_id) if context.is_staff else {}
    done = queries.read_ids(context.course_id, context.user_id)
    return page("index.html", rows=rows, figures=figures, done=done,
                context=context, move=MoveForm())  # fmt: skip


@bp.get("/<int:module_id>")
@launch_required
def show(module_id: int) -> View:
    """A module with its table of contents, references and neighbours."""
    context = current_launch()
    module, progress = get_module_and_progress_or_404(context, module_id)
    if progress is None and not context.is_staff:
        service.record_open(module, context.user_id)
    before, after = queries.neighbours(module, staff=context.is_staff)
    # Only staff see the status and restore buttons: students build one form.
    staff_forms = (
        {"action": ActionForm(), "status_form": StatusForm()}
        if context.is_staff
        else {}
    )
    return page(
        "show.html", module=module, context=context, previous=before, next=after,
        rendered=render_cache.rendered_module(module, language()),
        is_read=bool(progress and progress.read_at), read_form=ReadForm(),
        readings=course_content.list_module_readings(
            context.course_id, module.id, language()
        ),
        **staff_forms,
    )  # fmt: skip


@bp.post("/<int:module_id>/read")
@launch_required
def read(module_id: int) -> Response:
    """Mark the module read (done=1) or not read (done=0); works without JS."""
    context = current_launch()
    module = get_module_or_404(context, module_id)
    form = ReadForm()
    if form.validate_on_submit():
        service.mark_read(module, context.user_id, form.done.data == "1")
    return redirect(lti_url("modules.show", module_id=module.id, _anchor="read"), 303)
