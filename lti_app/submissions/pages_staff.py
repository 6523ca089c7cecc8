"""What staff do: create and edit assignments, see who handed in, grant extensions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask import abort, current_app, flash, redirect
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lti_app.access import audit_action, current_launch, lti_url, staff_required
from lti_app.submissions import deadlines, guide_service, queries, service
from lti_app.submissions.blueprint import bp, get_assignment_or_404, page
from lti_app.submissions.forms import ActionForm, AssignmentForm, ExtensionForm
from lti_app.submissions.guide_errors import GuideTotalError
from lti_app.submissions.models import DEFAULT_MAX_BYTES, Assignment

MB = 1024 * 1024


def _utc(form: AssignmentForm, name: str, tz_name: str) -> datetime | None:
    """A form date in UTC; a time the zone skips becomes a field error."""
    field = getattr(form, name)
    if field.data is None:
        return None
    try:
        return deadlines.to_utc(field.data, tz_name)
    except deadlines.LocalTimeError:
        field.errors.append(_("Cette heure n'existe pas dans ce fuseau horaire "
                              "(changement d'heure) : choisissez-en une autre."))  # fmt: skip
        return None


def _settings(form: AssignmentForm) -> service.Settings | None:
    """The form's settings, or None with errors attached to the fields."""
    tz_name = form.timezone.data or "Europe/Paris"
    dates = {n: _utc(form, n, tz_name) for n in ("opens_at", "due_at", "cutoff_at")}
    opens, due, cutoff = dates["opens_at"], dates["due_at"], dates["cutoff_at"]
    if due and opens and due < opens:
        form.due_at.errors.append(_("La date de remise précède l'ouverture."))
    if cutoff and due and cutoff < due:
        form.cutoff_at.errors.append(_("La date limite précède la date de remise."))
    if not form.validate_kinds():
        form.accepted_kinds.errors.append(_("Format inconnu."))
    if any(f.errors for f in form):
        return None
    return service.Settings(
        title=form.title.data.strip(), instructions=form.instructions.data or "",
        opens_at=opens, due_at=due, cutoff_at=cutoff,
        accepted_kinds=list(form.accepted_kinds.data),
        max_bytes=int(Decimal(form.max_mb.data) * MB), max_files=form.max_files.data,
        attempts_allowed=form.attempts_allowed.data, points=float(form.points.data),
        require_submit=form.require_submit.data, blind_marking=form.blind_marking.data,
        expected_pages=form.expected_pages.data,
    )  # fmt: skip


def _fill(form: AssignmentForm, assignment: Assignment | None, tz_name: str) -> None:
    form.timezone.data = tz_name
    if assignment is None:
        form.accepted_kinds.data = ["pdf", "pptx", "odp"]
        form.max_mb.data, form.max_files.data = Decimal(DEFAULT_MAX_BYTES // MB), 1
        form.attempts_allowed.data, form.points.data = 0, Decimal(20)
        return
    for name in ("title", "instructions", "accepted_kinds", "max_files",
                 "attempts_allowed", "require_submit", "blind_marking",
                 "expected_pages"):  # fmt: skip
        getattr(form, name).data = getattr(assignment, name)
    form.points.data = Decimal(str(assignment.points))
    form.max_mb.data = Decimal(assignment.max_bytes) / MB
    for name in ("opens_at", "due_at", "cutoff_at"):
        getattr(form, name).data = deadlines.local_input(
            getattr(assignment, name), tz_name
        )


def _fits_guide(form: AssignmentForm, assignment: Assignment | None,
                settings: service.Settings) -> bool:  # fmt: skip
    """New points must still be the marking guide's total, if there is one."""
    criteria = guide_service.list_criteria(assignment) if assignment else []
    total = guide_service.total_of([c.max_points for c in criteria])
    if not criteria or total == round(settings.points, 2):
        return True
    form.points.errors.append(GuideTotalError(total, settings.points).text())
    return False


def _save(assignment: Assignment | None) -> Response | tuple[str, int]:
    context = current_launch()
    tz_name = queries.course_time_zone(context.course_id)
    form = AssignmentForm()
    if not form.is_submitted():
        _fill(form, assignment, tz_name)
        form.retention_days.data = queries.course_retention_days(context.course_id)
    elif (form.validate() and (settings := _settings(form)) is not None
          and _fits_guide(form, assignment, settings)):  # fmt: skip
        service.set_time_zone(context.course_id, form.timezone.data)
        service.set_retention_days(context.course_id, form.retention_days.data)
        if assignment is None:
            assignment = service.create_assignment(context.course_id, settings)
        else:
            service.update_assignment(assignment, settings)
        flash(_("Devoir enregistré."), "success")
        return redirect(lti_url("submissions.show", assignment_id=assignment.id), 303)
    status = 422 if form.is_submitted() else 200
    return page("form.html", status, form=form, assignment=assignment, tz_name=tz_name,
                default_days=current_app.config["CARTABLE_RETENTION_DAYS"])  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create() -> Response | tuple[str, int]:
    """A new assignment."""
    return _save(None)


@bp.route("/<int:assignment_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(assignment_id: int) -> Response | tuple[str, int]:
    """Change an assignment's settings."""
    return _save(get_assignment_or_404(current_launch(), assignment_id))


@bp.get("/<int:assignment_id>/submissions")
@staff_required
def submissions(assignment_id: int) -> tuple[str, int]:
    """Who handed in what and when; extensions."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    form = ExtensionForm()
    form.set_students(queries.list_students(context.course_id))
    return page("staff.html", assignment=assignment, form=form, action=ActionForm(),
                rows=queries.list_submissions(assignment),
                extensions=queries.list_extensions(assignment))  # fmt: skip


@bp.post("/<int:assignment_id>/extensions")
@staff_required
def grant(assignment_id: int) -> Response | tuple[str, int]:
    """Give one student a later due date."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    form = ExtensionForm()
    form.set_students(queries.list_students(context.course_id))
    if form.validate_on_submit():
        tz_name = queries.course_time_zone(context.course_id)
        try:
            due = deadlines.to_utc(form.due_at.data, tz_name)
        except deadlines.LocalTimeError:
            abort(422)
        service.grant_extension(assignment, form.user_id.data, due, context.user_id)
        audit_action("extension.granted", subject_user_id=form.user_id.data,
                     target=("assignment", assignment.id))  # fmt: skip
        flash(_("Délai accordé."), "success")
        return redirect(
            lti_url("submissions.submissions", assignment_id=assignment.id), 303
        )
    return page("staff.html", 422, assignment=assignment, form=form, action=ActionForm(),
                rows=queries.list_submissions(assignment),
                extensions=queries.list_extensions(assignment))  # fmt: skip


@bp.post("/<int:assignment_id>/extensions/<int:user_id>/delete")
@staff_required
def revoke(assignment_id: int, user_id: int) -> Response:
    """Take an extension back."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.revoke_extension(assignment, user_id)
    flash(_("Délai retiré."), "success")
    return redirect(
        lti_url("submissions.submissions", assignment_id=assignment.id), 303
    )
