"""The drop-off itself: the body streams into storage, then becomes a version.

The view is CSRF-exempt for Flask-WTF (whose check would parse the body first)
and checks the token itself: from the ``X-CSRFToken`` header sent by the page's
script, or from the form's first field. The launch token comes from the
``Authorization`` header or the form action's query string.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime

from flask import current_app, jsonify, redirect, request
from flask_wtf.csrf import validate_csrf
from werkzeug.wrappers import Response
from wtforms import ValidationError

from lti_app.access import current_launch, launch_required, lti_url
from lti_app.course.models import User
from lti_app.extensions import csrf, db
from lti_app.lti.clock import utcnow
from lti_app.lti.context import LaunchContext
from lti_app.metrics.counters import UPLOAD_BYTES, UPLOADS, UPLOADS_REFUSED
from lti_app.storage import get_storage
from lti_app.streaming import streamed_body
from lti_app.submissions import queries, receiving, service
from lti_app.submissions.blueprint import (
    bp,
    get_assignment_or_404,
    student_only,
    wants_json,
)
from lti_app.submissions.errors import (
    AttemptsExhaustedError,
    ClosedError,
    CsrfMissingError,
    IncompleteUploadError,
    NotOpenError,
    SubmissionsError,
    TooLargeError,
    TooManyUploadsError,
)
from lti_app.submissions.in_flight import upload_slot
from lti_app.submissions.models import Assignment, SubmissionVersion
from lti_app.submissions.pages_student import show_page
from lti_app.submissions.receipts import Recipient, queue_receipt

OVERHEAD = 1024 * 1024  # multipart headers and small fields around the files
# Refusals made before the body is read: it is drained so the browser gets them.
_BEFORE_BODY = (NotOpenError, ClosedError, AttemptsExhaustedError, TooManyUploadsError)


def _check_csrf(token: str | None) -> None:
    try:
        validate_csrf(token)
    except ValidationError as error:
        raise CsrfMissingError() from error


def _limits(assignment: Assignment) -> tuple[receiving.Limits, int]:
    cap = int(current_app.config["CARTABLE_SUBMISSION_MAX_BYTES"])
    per_file = min(assignment.max_bytes, cap)
    return receiving.Limits(assignment.max_files, per_file), (
        assignment.max_files * per_file + OVERHEAD
    )


def _receive(assignment: Assignment, context: LaunchContext) -> receiving.Received:
    """Stream the body to temporary files, after the checks that need no body."""
    limits, _total = _limits(assignment)
    boundary = request.mimetype_params.get("boundary", "")
    if request.mimetype != "multipart/form-data" or not boundary:
        raise IncompleteUploadError()
    header = request.headers.get("X-CSRFToken")
    if header:
        _check_csrf(header)
    prefix = f"submissions/{context.course_id}"
    return receiving.receive(
        request.stream,
        boundary.encode("latin-1"),
        limits,
        open_file=lambda limit: get_storage().begin(prefix, limit),
        before_first_file=lambda fields: (
            None if header else _check_csrf(fields.get("csrf_token"))
        ),
    )


def _recipient(context: LaunchContext, tz_name: str) -> Recipient:
    user = db.session.get(User, context.user_id)
    email = user.email if user is not None else None
    return Recipient(email, context.locale, tz_name, context.course_title)


def _store(assignment: Assignment, context: LaunchContext) -> SubmissionVersion:
    started = utcnow()  # the upload counts from when it began, however slow
    limits, total = _limits(assignment)
    oversized = request.content_length is not None and request.content_length > total
    if not oversized:
        request.max_content_length = total  # before the stream is first touched
    try:
        service.check_can_upload(assignment, context.user_id, started)
        if oversized:
            raise TooLargeError(limits.max_bytes)  # refused before a byte is read
        with _slot(context):
            return _receive_and_record(assignment, context, started)
    except _BEFORE_BODY:
        if not oversized:
            receiving.drain(request.stream)  # so the browser reads the answer
        raise


def _slot(context: LaunchContext) -> AbstractContextManager[None]:
    """One of the person's uploads in flight (``CARTABLE_UPLOADS_IN_FLIGHT``)."""
    config = current_app.config
    return upload_slot(context.user_id, int(config["CARTABLE_UPLOADS_IN_FLIGHT"]),
                       int(config["CARTABLE_UPLOAD_SLOT_SECONDS"]))  # fmt: skip


def _receive_and_record(assignment: Assignment, context: LaunchContext,
                        started: datetime) -> SubmissionVersion:  # fmt: skip
    received = _receive(assignment, context)
    try:
        checked = service.check_files(assignment, received)
        recipient = _recipient(context, queries.course_time_zone(context.course_id))
        return service.record_upload(
            assignment, context.user_id, received, checked, started, get_storage(),
            notify=lambda version: queue_receipt(assignment, version, recipient),
        )  # fmt: skip
    finally:
        received.abort()  # temporary files only: committed ones were renamed


@bp.post("/<int:assignment_id>/upload")
@streamed_body
@csrf.exempt
@launch_required
def upload(assignment_id: int) -> Response | tuple[str | Response, int]:
    """Receive the files: a receipt page (or its address, for the page's script)."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    student_only(context)
    try:
        version = _store(assignment, context)
    except SubmissionsError as error:
        UPLOADS_REFUSED.labels(error.code).inc()  # codes are the error classes
        if wants_json():
            return jsonify(error=error.code, message=error.text()), error.status
        return show_page(assignment, context, error=error, status=error.status)
    UPLOADS.inc()
    UPLOAD_BYTES.inc(sum(file.size for file in version.files))
    receipt = lti_url("submissions.receipt", assignment_id=assignment.id,
                      number=version.number)  # fmt: skip
    if wants_json():
        return jsonify(receipt_url=receipt, version=version.number), 201
    return redirect(receipt, 303)
