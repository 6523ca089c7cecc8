"""Staff pages of the marking guide: the editor, import, export, class statistics."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response as Redirect

from lti_app.access import current_launch, lti_url, staff_required
from lti_app.submissions import (
    bank,
    guide_editing,
    guide_io,
    guide_service,
    guide_stats,
)
from lti_app.submissions.blueprint import bp, get_assignment_or_404, page
from lti_app.submissions.errors import SubmissionsError
from lti_app.submissions.forms import ActionForm
from lti_app.submissions.guide_errors import GuideCountError
from lti_app.submissions.guide_forms import GuideForm, GuideImportForm
from lti_app.submissions.guide_service import MAX_CRITERIA
from lti_app.submissions.models import Assignment
from lti_app.submissions.pages_grading_files import text_attachment


def _editor(assignment: Assignment, draft: guide_editing.Draft, status: int = 200,
            **extra: object) -> tuple[str, int]:  # fmt: skip
    form = GuideForm(formdata=None, data={"criteria": draft})
    criteria = guide_service.list_criteria(assignment)
    return page("guide.html", status, assignment=assignment, form=form,
                import_form=GuideImportForm(), action=ActionForm(),
                saved=bool(criteria), total=_draft_total(draft), criteria=criteria,
                bank=bank.list_bank(criteria, bank.MAX_PER_CRITERION),
                scored=guide_service.count_scores(assignment), **extra)  # fmt: skip


def _draft_total(draft: guide_editing.Draft) -> float:
    numbers = [guide_io.parse_number(e.get("max_points") or "") for e in draft]
    return guide_service.total_of([n for n in numbers if n is not None])


def _stored_draft(assignment: Assignment) -> guide_editing.Draft:
    criteria = guide_service.list_criteria(assignment)
    return guide_editing.from_inputs(guide_service.as_inputs(criteria)) or [
        guide_editing.blank()
    ]


@bp.get("/<int:assignment_id>/guide")
@staff_required
def guide(assignment_id: int) -> tuple[str, int]:
    """The marking guide editor, with its import and export."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    return _editor(assignment, _stored_draft(assignment))


@bp.post("/<int:assignment_id>/guide")
@staff_required
def save_guide(assignment_id: int) -> Redirect | tuple[str, int]:
    """Move, add or remove a criterion in the draft, or save the whole guide."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    form = GuideForm()
    if not form.validate_on_submit():
        abort(400)
    draft = [dict(entry.data) for entry in form.criteria.entries]
    action = request.form.get("action", "save")
    try:
        if guide_editing.posted_count(request.form.keys()) > MAX_CRITERIA:
            raise GuideCountError(MAX_CRITERIA)
        if action != "save":
            draft, focus, said = guide_editing.apply_action(draft, action)
            return _editor(assignment, draft, focus=focus, said=said)
        guide_service.save_guide(assignment, guide_editing.to_inputs(draft))
    except SubmissionsError as error:
        return _editor(assignment, draft, error.status, error=error)
    flash(_("Grille d’évaluation enregistrée."), "success")
    return redirect(lti_url("submissions.guide", assignment_id=assignment.id), 303)


@bp.post("/<int:assignment_id>/guide/delete")
@staff_required
def delete_guide(assignment_id: int) -> Redirect:
    """Drop the guide: back to one score per student."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    guide_service.delete_guide(assignment)
    flash(_("Grille d’évaluation supprimée."), "success")
    return redirect(lti_url("submissions.guide", assignment_id=assignment.id), 303)


@bp.post("/<int:assignment_id>/guide/import")
@staff_required
def import_guide(assignment_id: int) -> Redirect | tuple[str, int]:
    """Replace the guide with a JSON or CSV file's, once it is checked whole."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    form = GuideImportForm()
    draft = _stored_draft(assignment)
    if not form.validate_on_submit():
        return _editor(assignment, draft, 400, import_errors=form.guide_file.errors)
    data = form.guide_file.data.stream.read(guide_io.MAX_FILE + 1)
    try:
        items = guide_io.read_guide(data)
        guide_service.save_guide(assignment, items)
    except SubmissionsError as error:
        return _editor(assignment, draft, error.status, error=error)
    flash(_("Grille d’évaluation importée."), "success")
    return redirect(lti_url("submissions.guide", assignment_id=assignment.id), 303)


@bp.post("/<int:assignment_id>/guide/bank/<int:entry_id>/delete")
@staff_required
def forget_comment(assignment_id: int, entry_id: int) -> Redirect:
    """Take a comment out of a criterion's bank (grades that used it keep it)."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    entry = bank.find_entry(guide_service.list_criteria(assignment), entry_id)
    if entry is None:
        abort(404)
    bank.forget(entry)
    flash(_("Commentaire retiré de la banque."), "success")
    return redirect(lti_url("submissions.guide", assignment_id=assignment.id,
                            _anchor="bank-title"), 303)  # fmt: skip


@bp.get("/<int:assignment_id>/guide.<any(json, csv):kind>")
@staff_required
def export_guide(assignment_id: int, kind: str) -> Response:
    """The guide as a file to keep or import into another assignment."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    items = guide_service.as_inputs(guide_service.list_criteria(assignment))
    if not items:
        abort(404)
    name = f"grille-{assignment.slug[:60]}.{kind}"
    if kind == "json":
        text = guide_io.guide_json(assignment.title, assignment.points, items)
        return text_attachment(text, "application/json", name)
    return text_attachment(guide_io.guide_csv(items), "text/csv", name)


@bp.get("/<int:assignment_id>/guide/stats")
@staff_required
def guide_statistics(assignment_id: int) -> tuple[str, int]:
    """Per criterion, how the class's scores spread."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    return page("guide_stats.html", assignment=assignment,
                spreads=guide_stats.spreads(assignment))  # fmt: skip
