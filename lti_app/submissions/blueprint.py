"""The ``submissions`` blueprint and the scoped loaders its views share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request

from lti_app.lti.context import LaunchContext
from lti_app.submissions import deadlines, queries
from lti_app.submissions.models import Assignment

bp = Blueprint("submissions", __name__, url_prefix="/submissions")


def get_assignment_or_404(context: LaunchContext, assignment_id: int) -> Assignment:
    """An assignment of the launch's course (never another course's, by id)."""
    assignment = queries.find_assignment(context.course_id, assignment_id)
    if assignment is None:
        abort(404)
    return assignment


def student_only(context: LaunchContext) -> None:
    """Only students hand work in: staff and guests get 403."""
    if context.role != "student":
        abort(403)


def wants_json() -> bool:
    """The page's script asked (``Accept: application/json``)."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


def page(template: str, status: int = 200, **values: Any) -> tuple[str, int]:
    """Render a page of this blueprint, with a date formatter in the course's zone."""
    tz_name = values.pop("tz_name", None)
    if tz_name is None and "assignment" in values:
        tz_name = queries.course_time_zone(values["assignment"].course_id)
    tz_name = tz_name or "Europe/Paris"
    values.setdefault("tz_name", tz_name)
    values.setdefault("show_date", lambda dt: deadlines.show(dt, tz_name))
    return render_template(f"submissions/{template}", **values), status
