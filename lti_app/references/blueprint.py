"""The ``references`` blueprint and the scoped loaders its views share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template
from werkzeug.datastructures import FileStorage

from lti_app.lti.context import LaunchContext
from lti_app.references import queries, reading, suggestions
from lti_app.references.entries import type_label
from lti_app.references.labels import group_label
from lti_app.references.models import (
    PendingImport,
    ReadingListItem,
    ReadingListSection,
    ReadingMark,
    Reference,
    Suggestion,
)

bp = Blueprint("references", __name__, url_prefix="/references")
bp.add_app_template_filter(type_label, "type_label")
bp.add_app_template_filter(group_label, "group_label")


def get_reference_or_404(context: LaunchContext, reference_id: int) -> Reference:
    """A reference of the current course (in the bin or not)."""
    row = queries.find_reference(context.course_id, reference_id)
    if row is None:
        abort(404)
    return row


def get_section_or_404(context: LaunchContext, section_id: int) -> ReadingListSection:
    """A reading-list section of the current course."""
    row = queries.find_section(context.course_id, section_id)
    if row is None:
        abort(404)
    return row


def get_item_or_404(context: LaunchContext, item_id: int) -> ReadingListItem:
    """A reading-list item of the current course."""
    row = queries.find_item(context.course_id, item_id)
    if row is None:
        abort(404)
    return row


def get_pending_or_404(context: LaunchContext, pending_id: int) -> PendingImport:
    """A pending import of the current course that this person started."""
    row = queries.find_pending(context.course_id, context.user_id, pending_id)
    if row is None:
        abort(404)
    return row


def get_placed_reference_or_404(context: LaunchContext, reference_id: int) -> Reference:
    """A live reference of the current course that the reading list shows."""
    row = reading.find_placed_reference(context.course_id, reference_id)
    if row is None:
        abort(404)
    return row


def get_mark_or_404(context: LaunchContext, mark_id: int) -> ReadingMark:
    """One of this person's own marks in the current course (staff included)."""
    row = reading.find_mark(context.course_id, context.user_id, mark_id)
    if row is None:
        abort(404)
    return row


def get_suggestion_or_404(
    context: LaunchContext, suggestion_id: int, *, own: bool = True
) -> Suggestion:
    """A suggestion of the current course: the person's own, or any for staff."""
    author = None if (context.is_staff and not own) else context.user_id
    row = suggestions.find_suggestion(context.course_id, suggestion_id, author)
    if row is None:
        abort(404)
    return row


def max_bytes() -> int:
    """The largest import accepted (CARTABLE_BIB_MAX_BYTES, 2 MiB by default)."""
    return int(current_app.config["CARTABLE_BIB_MAX_BYTES"])


def resolver() -> tuple[str, float]:
    """The DOI resolver URL template and the HTTP timeout."""
    url = str(current_app.config["CARTABLE_DOI_RESOLVER"])
    return str(url), float(current_app.config["CARTABLE_HTTP_TIMEOUT"])


def read_upload(upload: FileStorage | None, limit: int) -> tuple[str, bytes]:
    """Name and bytes of an uploaded file, reading at most one byte past the limit."""
    if upload is None:
        return "", b""
    return upload.filename or "", upload.stream.read(limit + 1)


def page(template: str, status: int = 200, **values: Any) -> tuple[str, int]:
    """Render a page of this blueprint with a status."""
    return render_template(f"references/{template}", **values), status
