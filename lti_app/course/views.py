"""The course home and, for staff, the members and their Cartable role."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lti_app.access import (
    current_launch,
    get_membership_or_404,
    instructor_required,
    launch_required,
    lti_url,
    staff_required,
)
from lti_app.course.forms import AssistantForm
from lti_app.course.service import effective_role, list_members, set_assistant
from lti_app.lti.claims import GUEST, STUDENT

bp = Blueprint("course", __name__, url_prefix="/course")


@bp.get("/")
@launch_required
def home() -> str:
    """What this course offers the person, and what needs staff attention."""
    context = current_launch()
    return render_template("course/home.html", context=context, attention=[])


@bp.get("/members")
@staff_required
def members() -> str:
    """Everyone who launched into this course, with their role."""
    context = current_launch()
    rows = [(m, effective_role(m)) for m in list_members(context.course_id)]
    return render_template(
        "course/members.html", context=context, rows=rows, form=AssistantForm()
    )


@bp.post("/members/<int:membership_id>/assistant")
@instructor_required
def assistant(membership_id: int) -> Response:
    """Grant (grant=1) or take back (grant=0) the assistant role."""
    context = current_launch()
    membership = get_membership_or_404(context, membership_id)
    form = AssistantForm()
    if not form.validate_on_submit() or form.grant.data not in {"0", "1"}:
        abort(400)
    if membership.lti_role not in {STUDENT, GUEST}:
        abort(400)  # the LMS decides staff roles; Cartable only raises students
    set_assistant(membership, form.grant.data == "1")
    flash(_("Rôle mis à jour pour %(name)s.", name=membership.user.display_name), "success")
    return redirect(lti_url("course.members"), 303)
