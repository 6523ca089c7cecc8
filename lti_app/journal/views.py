"""The course's audit record, paged and filtered, for its staff only."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from lti_app import audit
from lti_app.access import current_launch, staff_required
from lti_app.course.models import Course, User
from lti_app.extensions import db

bp = Blueprint("journal", __name__, url_prefix="/journal")


def _filters() -> audit.Filters:
    action = request.args.get("action", "")
    role = request.args.get("role", "")
    if action and action not in audit.ACTIONS:
        abort(400)
    if role and role not in audit.ROLES:
        abort(400)
    page = request.args.get("page", "1")
    if not page.isdigit() or not 0 < int(page) < 100_000:
        abort(400)
    return audit.Filters(action=action, actor_role=role, page=int(page))


def _names(entries: list[audit.AuditEntry]) -> dict[int, str]:
    """Names of actors and people concerned (an erased person shows as such)."""
    ids = {e.actor_id for e in entries} | {e.subject_user_id for e in entries}
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    users = db.session.scalars(select(User).where(User.id.in_(wanted)))
    return {user.id: user.display_name for user in users}


def _time_zone(course_id: int) -> str:
    course = db.session.get(Course, course_id)
    return course.timezone if course is not None else "Europe/Paris"


@bp.get("/")
@staff_required
def index() -> tuple[str, int]:
    """Newest first, 50 a page."""
    context = current_launch()
    filters = _filters()
    entries = audit.list_course_entries(context.course_id, filters)
    more = len(entries) > audit.PAGE_SIZE
    entries = entries[: audit.PAGE_SIZE]
    return render_template(
        "journal/index.html", entries=entries, names=_names(entries),
        filters=filters, more=more, actions=audit.ACTIONS, roles=audit.ROLES,
        time_zone=_time_zone(context.course_id),
    ), 200  # fmt: skip
