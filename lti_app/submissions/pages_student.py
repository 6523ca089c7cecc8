"""What students see: the assignments, one assignment with its drop-off, receipts,
their own files."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, send_file
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lti_app.access import current_launch, launch_required, lti_url
from lti_app.lti.clock import utcnow
from lti_app.lti.context import LaunchContext
from lti_app.markdown_text import render
from lti_app.storage import get_storage
from lti_app.submissions import (
    deadlines,
    filetypes,
    grade_service,
    guide_service,
    queries,
    service,
)
from lti_app.submissions.blueprint import bp, get_assignment_or_404, page, student_only
from lti_app.submissions.errors import SubmissionsError
from lti_app.submissions.forms import ActionForm
from lti_app.submissions.guide_summary import results
from lti_app.submissions.models import Assignment, Submission
from lti_app.submissions.retention import course_retention


@bp.get("/")
@launch_required
def index() -> tuple[str, int]:
    """The course's assignments, with this student's state of each."""
    context = current_launch()
    assignments = queries.list_assignments(context.course_id)
    mine = {
        a.id: queries.find_submission(a, context.user_id)
        for a in assignments
        if not context.is_staff
    }
    return page("index.html", assignments=assignments, mine=mine, context=context,
                tz_name=queries.course_time_zone(context.course_id))  # fmt: skip


def show_page(assignment: Assignment, context: LaunchContext,
              error: SubmissionsError | None = None,
              status: int = 200) -> tuple[str, int]:  # fmt: skip
    """The assignment page (also the no-script answer to a refused upload)."""
    window = service.window_of(assignment, context.user_id)
    submission = queries.find_submission(assignment, context.user_id)
    versions = queries.list_versions(submission) if submission else []
    accept = ",".join(
        f".{filetypes.EXTENSIONS[k]},{filetypes.CONTENT_TYPES[k]}"
        for k in assignment.accepted_kinds
    )
    retention, mine = None, {}
    if context.is_staff:
        days = current_app.config["CARTABLE_RETENTION_DAYS"]
        retention = course_retention(assignment.course_id, days)
    else:
        mine = _student_view(assignment, context, submission)
    return page(
        "show.html", status, assignment=assignment, context=context, window=window,
        retention=retention, now=utcnow(),
        phase=window.phase(utcnow()), submission=submission, versions=versions,
        instructions=render(assignment.instructions), error=error, accept=accept,
        labels=", ".join(filetypes.LABELS[k] for k in assignment.accepted_kinds),
        form=ActionForm(), phases=deadlines,
        criteria=guide_service.list_criteria(assignment), **mine,
    )  # fmt: skip


def _student_view(assignment: Assignment, context: LaunchContext,
                  submission: Submission | None) -> dict[str, Any]:  # fmt: skip
    """The released grade where the student looks, and whether another attempt
    is allowed (``attempts_left`` None: no limit)."""
    grade = grade_service.released_grade(assignment, context.user_id)
    limit = assignment.attempts_allowed
    used = service.submitted_count(submission)
    return {
        "grade": grade,
        "results": results(assignment, grade) if grade else [],
        "feedback": render(grade.feedback) if grade else None,
        "attempts_left": max(limit - used, 0) if limit else None,
    }


@bp.get("/<int:assignment_id>")
@launch_required
def show(assignment_id: int) -> tuple[str, int]:
    """Instructions, dates, the drop-off and the student's versions."""
    context = current_launch()
    return show_page(get_assignment_or_404(context, assignment_id), context)


@bp.get("/<int:assignment_id>/receipt/<int:number>")
@launch_required
def receipt(assignment_id: int, number: int) -> tuple[str, int]:
    """The receipt of one of the student's own versions."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    submission = queries.find_submission(assignment, context.user_id)
    version = queries.find_version(submission, number) if submission else None
    if version is None:
        abort(404)
    return page("receipt.html", assignment=assignment, version=version,
                context=context)  # fmt: skip


@bp.post("/<int:assignment_id>/submit")
@launch_required
def submit(assignment_id: int) -> Response | tuple[str, int]:
    """Hand in the latest draft (assignments that ask for the click)."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    student_only(context)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        version = service.submit_draft(assignment, context.user_id, utcnow())
    except SubmissionsError as error:
        return show_page(assignment, context, error=error, status=error.status)
    flash(_("Votre travail est remis."), "success")
    return redirect(lti_url("submissions.receipt", assignment_id=assignment.id,
                            number=version.number), 303)  # fmt: skip


@bp.get("/files/<int:file_id>")
@launch_required
def download(file_id: int) -> Response:
    """A file, to the student who sent it or to the course's staff; as an attachment."""
    context = current_launch()
    owner = None if context.is_staff else context.user_id
    found = queries.find_file(context.course_id, file_id, owner)
    if found is None:
        abort(404)
    row = found[0]
    storage = get_storage()
    if not storage.exists(row.storage_key):
        abort(404)
    response = send_file(storage.open(row.storage_key), mimetype=row.content_type,
                         as_attachment=True, download_name=row.filename,
                         conditional=False, etag=False)  # fmt: skip
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    response.content_length = row.size
    return response
