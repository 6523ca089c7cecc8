"""Staff grading pages: the table, one student's grade, release and the LMS state."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from lti_app.access import audit_action, current_launch, lti_url, staff_required
from lti_app.course import roster
from lti_app.gradebook import reasons
from lti_app.lti.context import LaunchContext
from lti_app.lti.service_http import ServiceError
from lti_app.markdown_text import render
from lti_app.storage import get_storage
from lti_app.submissions import (
    grade_service,
    grading,
    guide_grading,
    guide_service,
    release,
)
from lti_app.submissions.blueprint import bp, get_assignment_or_404, page
from lti_app.submissions.errors import SubmissionsError
from lti_app.submissions.feedback_files import store_feedback_file
from lti_app.submissions.forms import ActionForm
from lti_app.submissions.grading_forms import ArchiveForm, GradeForm
from lti_app.submissions.guide_marking import (
    Marking,
    marking,
    next_row,
    with_bank_comment,
)
from lti_app.submissions.models import Assignment

# The custom parameter a deep-linked activity names its page with.
CUSTOM_TARGET = "cartable_target"


def get_row_or_404(assignment: Assignment, membership_id: int) -> grading.Row:
    """A student of the assignment's course (loaded by membership, course-scoped)."""
    row = grading.find_row(assignment, membership_id)
    if row is None:
        abort(404)
    return row


def table_page(context: LaunchContext, assignment: Assignment, status: int = 200,
           **extra: object) -> tuple[str, int]:  # fmt: skip
    show = request.args.get("show", "all")
    show = show if show in grading.FILTERS else "all"
    rows = grading.list_rows(assignment)
    queue = [r for r in rows if r.matches("queued")]
    shown = [r for r in rows if r.matches(show)]
    files = {r.membership.id: grading.current_version(r.submission)
             for r in shown if r.submitted}  # fmt: skip
    return page("grading.html", status, assignment=assignment, show=show,
                rows=shown, queue=queue, files=files,
                counts={f: sum(r.matches(f) for r in rows) for f in grading.FILTERS},
                hidden=grading.identities_hidden(assignment),
                states=release.lms_states(assignment),
                lms=release.can_send(assignment, _link_of(context, assignment)),
                form=ActionForm(), archive_form=ArchiveForm(), **extra)  # fmt: skip


@bp.get("/<int:assignment_id>/grading")
@staff_required
def grading_table(assignment_id: int) -> tuple[str, int]:
    """Every student with their submission, grade, release and LMS state."""
    context = current_launch()
    return table_page(context, get_assignment_or_404(context, assignment_id))


def _grade_page(assignment: Assignment, row: grading.Row, form: GradeForm,
                status: int = 200, error: SubmissionsError | None = None,
                guide: Marking | None = None) -> tuple[str, int]:  # fmt: skip
    version = grading.current_version(row.submission)
    grade = row.grade
    if guide is None:
        guide = marking(assignment, grade, request.form if status != 200 else None)
    return page("grading_student.html", status, assignment=assignment, row=row,
                version=version, grade=grade, form=form, error=error,
                action=ActionForm(), hidden=row.hidden, guide=guide,
                feedback=render(grade.feedback) if grade else None)  # fmt: skip


@bp.get("/<int:assignment_id>/grading/<int:membership_id>")
@staff_required
def grade_page(assignment_id: int, membership_id: int) -> tuple[str, int]:
    """One student's work (PDF preview inline), score, comment and file."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    row = get_row_or_404(assignment, membership_id)
    form = GradeForm()
    if row.grade is not None:
        score = row.grade.score
        form.score.data = "" if score is None else f"{score:g}"
        form.feedback.data = row.grade.feedback
    return _grade_page(assignment, row, form)


@bp.post("/<int:assignment_id>/grading/<int:membership_id>")
@staff_required
def save_grade(assignment_id: int, membership_id: int) -> Response | tuple[str, int]:
    """Record the grade; it waits in the release queue."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    row = get_row_or_404(assignment, membership_id)
    form = GradeForm()
    if not form.validate_on_submit():
        return _grade_page(assignment, row, form, 400)
    if request.form.get("bank_use", "").isdigit():
        return _use_bank(assignment, row, form, int(request.form["bank_use"][:12]))
    try:
        _record(assignment, row, context, form)
    except SubmissionsError as error:
        return _grade_page(assignment, row, form, error.status, error)
    audit_action("grade.saved", subject_user_id=row.user.id,
                 target=("assignment", assignment.id))  # fmt: skip
    flash(_("Note enregistrée : elle attend d'être publiée."), "success")
    following = next_row(assignment, row.membership.id)
    if request.form.get("then") == "next" and following is not None:
        return redirect(lti_url("submissions.grade_page", assignment_id=assignment.id,
                                membership_id=following.membership.id), 303)  # fmt: skip
    return redirect(lti_url("submissions.grading_table", assignment_id=assignment.id,
                            _anchor=f"row-{row.membership.id}"), 303)  # fmt: skip


def _use_bank(assignment: Assignment, row: grading.Row, form: GradeForm,
              entry_id: int) -> tuple[str, int]:  # fmt: skip
    """Without script, a bank button puts its comment in the field (not saved)."""
    guide = with_bank_comment(assignment, request.form, entry_id)
    if guide is None:
        abort(404)
    return _grade_page(assignment, row, form, guide=guide)


def _record(assignment: Assignment, row: grading.Row, context: LaunchContext,
            form: GradeForm) -> None:  # fmt: skip
    criteria = guide_service.list_criteria(assignment)
    scored = guide_grading.parse_scores(criteria, request.form) if criteria else None
    score = (None if scored is not None else
             grade_service.parse_score(form.score.data or "", assignment.points))  # fmt: skip
    upload = form.feedback_file.data
    file = None
    if upload is not None and upload.filename:
        file = store_feedback_file(upload.stream, upload.filename,
                                   assignment.course_id, assignment.max_bytes)  # fmt: skip
    try:
        _, dropped = grade_service.save_grade(
            assignment, row.user.id, context.user_id, score=score,
            feedback=form.feedback.data or "", file=file,
            remove_file=bool(form.remove_file.data),
        ) if scored is None else guide_grading.save_guided_grade(
            assignment, row.user.id, context.user_id, scored=scored,
            feedback=form.feedback.data or "", file=file,
            remove_file=bool(form.remove_file.data),
        )  # fmt: skip
    except BaseException:
        if file is not None:
            get_storage().delete(file.stored.key)
        raise
    for key in dropped:
        get_storage().delete(key)


@bp.post("/<int:assignment_id>/grading/release")
@staff_required
def release_all(assignment_id: int) -> Response | tuple[str, int]:
    """Release every queued grade (with blind marking: and the names)."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    return _release(context, assignment, None)


@bp.post("/<int:assignment_id>/grading/<int:membership_id>/release")
@staff_required
def release_one(assignment_id: int, membership_id: int) -> Response | tuple[str, int]:
    """Release one student's grade (not while blind marking hides the names)."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    row = get_row_or_404(assignment, membership_id)
    return _release(context, assignment, [row.user.id])


def _link_of(context: LaunchContext, assignment: Assignment) -> str | None:
    """The launch's LMS link, when it is this assignment's own activity."""
    target = context.custom.get(CUSTOM_TARGET)
    return (
        context.resource_link_id if target == release.resource_id(assignment) else None
    )


def _release(context: LaunchContext, assignment: Assignment,
             user_ids: list[int] | None) -> Response | tuple[str, int]:  # fmt: skip
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        grades = release.release(
            assignment, context.user_id, user_ids, _link_of(context, assignment)
        )
    except SubmissionsError as error:
        return table_page(context, assignment, error.status, error=error)
    audit_action("grade.released", target=("assignment", assignment.id),
                 subject_user_id=user_ids[0] if user_ids else None,
                 details={"grades": len(grades)})  # fmt: skip
    flash(ngettext("%(num)d note publiée.", "%(num)d notes publiées.", len(grades)),
          "success")  # fmt: skip
    return redirect(lti_url("submissions.grading_table", assignment_id=assignment.id),
                    303)  # fmt: skip


@bp.post("/<int:assignment_id>/grading/resend/<int:sync_id>")
@staff_required
def resend(assignment_id: int, sync_id: int) -> Response:
    """Send a grade the LMS refused once more."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not release.resend(assignment, sync_id):
        abort(404)
    audit_action("grade.resent", target=("assignment", assignment.id),
                 details={"sync": sync_id})  # fmt: skip
    current_app.logger.info("grade resend assignment=%s sync=%s", assignment.id,
                            sync_id)  # fmt: skip
    flash(_("La note sera renvoyée au LMS."), "success")
    return redirect(lti_url("submissions.grading_table", assignment_id=assignment.id),
                    303)  # fmt: skip


@bp.post("/<int:assignment_id>/grading/roster")
@staff_required
def refresh_roster(assignment_id: int) -> Response:
    """Fetch the course's members from the LMS (NRPS), so that who never launched
    Cartable shows too."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        done = roster.refresh_roster(context.course_id)
    except roster.RosterUnavailableError:
        flash(_("Le LMS n'a pas encore indiqué la liste des participant·es de ce "
                "cours : relancez Cartable depuis le cours, puis réessayez."), "error")  # fmt: skip
    except ServiceError as error:
        current_app.logger.warning(
            "roster refresh failed course=%s reason=%s status=%s",
            context.course_id, reasons.code_of(error), error.status,
        )  # fmt: skip
        flash(_("Le LMS n'a pas donné la liste des participant·es (%(reason)s).",
                reason=str(error)), "error")  # fmt: skip
    else:
        flash(ngettext("Liste mise à jour : %(num)d personne, %(added)d nouvelle.",
                       "Liste mise à jour : %(num)d personnes, %(added)d nouvelles.",
                       done.members, added=done.added), "success")  # fmt: skip
    return redirect(lti_url("submissions.grading_table", assignment_id=assignment.id),
                    303)  # fmt: skip
