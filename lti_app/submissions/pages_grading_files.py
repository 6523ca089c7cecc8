"""Staff file pages of grading: the zip of all work, PDF preview, bulk feedback, CSV.

The zip archive is ``GET /submissions/<assignment_id>/grading/archive.zip``
(endpoint ``submissions.archive``): ``benchmarks/uploads.py`` measures its
memory growth (``zip_growth_mb``) on 30 x 20 MB submissions.
"""

from __future__ import annotations

import unicodedata

from flask import Response, abort, request, send_file
from flask_babel import gettext as _

from lti_app.access import audit_action, current_launch, staff_required
from lti_app.storage import get_storage
from lti_app.submissions import filetypes, grading, queries
from lti_app.submissions.blueprint import bp, get_assignment_or_404
from lti_app.submissions.csv_export import grades_csv
from lti_app.submissions.errors import SubmissionsError
from lti_app.submissions.feedback_files import import_archive
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.grading_forms import ArchiveForm
from lti_app.submissions.pages_grading import get_row_or_404, table_page
from lti_app.submissions.zipstream import Entry, stream_zip, unique_paths

# What the PDF preview may do: display itself inside Cartable's own pages, no more.
# lti_app.framing puts the registered platforms beside 'self': the preview's frame
# sits in the grading page, itself in the LMS's frame, and every ancestor counts.
PREVIEW_CSP = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'"


def _attachment_name(stem: str, extension: str) -> str:
    """An ASCII file name for a Content-Disposition header."""
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return f"{grading.safe_part(folded) or 'devoir'}.{extension}"


def _entries(rows: list[grading.Row]) -> list[Entry]:
    found: list[tuple[str, str, int, object]] = []
    for row in rows:
        version = grading.current_version(row.submission)
        if version is None or not row.submitted:
            continue
        for item in version.files:
            found.append((f"{row.folder}/{item.filename}", item.storage_key,
                          item.size, version.submitted_at or version.created_at))  # fmt: skip
    paths = unique_paths(path for path, *_rest in found)
    return [Entry(path, key, size, when)  # type: ignore[arg-type]
            for path, (_p, key, size, when) in zip(paths, found, strict=True)]  # fmt: skip


@bp.get("/<int:assignment_id>/grading/archive.zip")
@staff_required
def archive(assignment_id: int) -> Response:
    """Every submitted file, one folder per student, streamed as it is zipped."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    show = request.args.get("show", "all")
    rows = grading.list_rows(assignment, show if show in grading.FILTERS else "all")
    entries = _entries(rows)
    audit_action("submissions.downloaded", target=("assignment", assignment.id),
                 details={"files": len(entries)})  # fmt: skip
    store = get_storage()  # captured: the generator outlives the request context
    response = Response(stream_zip(entries, store.open), mimetype="application/zip")
    name = _attachment_name(assignment.slug, "zip")
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:assignment_id>/grading/files/<int:file_id>/preview")
@staff_required
def preview(assignment_id: int, file_id: int) -> Response:
    """A submitted PDF shown inline (staff only; other kinds are downloaded)."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    found = queries.find_file(context.course_id, file_id, None)
    if found is None or found[1].assignment_id != assignment.id:
        abort(404)
    row = found[0]
    store = get_storage()
    if row.kind != "pdf" or not store.exists(row.storage_key):
        abort(404)
    response = send_file(store.open(row.storage_key), mimetype="application/pdf",
                         as_attachment=False, download_name=row.filename,
                         conditional=False, etag=False)  # fmt: skip
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:assignment_id>/grading/<int:membership_id>/feedback-file")
@staff_required
def staff_feedback_file(assignment_id: int, membership_id: int) -> Response:
    """The feedback file staff attached to one student's grade."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    grade = get_row_or_404(assignment, membership_id).grade
    return send_feedback_file(grade)


def send_feedback_file(grade: Grade | None) -> Response:
    """A grade's feedback file as an attachment with its safe name."""
    store = get_storage()
    if grade is None or not grade.feedback_key or not store.exists(grade.feedback_key):
        abort(404)
    kind = grade.feedback_kind or "pdf"
    response = send_file(store.open(grade.feedback_key),
                         mimetype=filetypes.CONTENT_TYPES.get(kind, "application/octet-stream"),
                         as_attachment=True, download_name=grade.feedback_filename,
                         conditional=False, etag=False)  # fmt: skip
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:assignment_id>/grading/feedback-archive")
@staff_required
def feedback_archive(assignment_id: int) -> tuple[str, int]:
    """Attach the feedback files of a zip archive, matched by the folders' ids."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    form = ArchiveForm()
    if not form.validate_on_submit():
        return table_page(context, assignment, 400, archive_errors=form.archive.errors)
    try:
        report = import_archive(assignment, grading.list_rows(assignment),
                                form.archive.data.stream,
                                form.archive.data.filename or "archive.zip")  # fmt: skip
    except SubmissionsError as error:
        return table_page(context, assignment, error.status, error=error)
    audit_action(
        "import.confirmed",
        target=("assignment", assignment.id),
        details={"kind": "feedback-files"},
    )
    return table_page(context, assignment, report=report)


@bp.get("/<int:assignment_id>/grading/grades.csv")
@staff_required
def grades_export(assignment_id: int) -> Response:
    """Released grades as CSV, for an LMS without grade sync."""
    assignment = get_assignment_or_404(current_launch(), assignment_id)
    text = grades_csv(assignment, grading.list_rows(assignment))
    audit_action("submissions.exported", target=("assignment", assignment.id))
    name = _attachment_name(_("notes") + "-" + assignment.slug, "csv")
    return text_attachment(text, "text/csv", name)


def text_attachment(text: str, mimetype: str, name: str) -> Response:
    """UTF-8 text downloaded as ``name`` (an ASCII-safe file name), never cached."""
    response = Response(text.encode("utf-8"), mimetype=mimetype)
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
