"""The course home and, for staff, the members and their Cartable role."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from lti_app import course_copy
from lti_app.access import (
    current_launch,
    get_membership_or_404,
    instructor_required,
    launch_required,
    lti_url,
    staff_required,
)
from lti_app.course.copies import (
    CopyDecidedError,
    copy_from_source,
    decline_copy,
    find_pending_copy,
)
from lti_app.course.forms import AssistantForm, CopyForm
from lti_app.course.service import effective_role, list_members, set_assistant
from lti_app.lti.claims import GUEST, STUDENT
from lti_app.references.suggestions import count_open_suggestions

bp = Blueprint("course", __name__, url_prefix="/course")


@bp.get("/")
@launch_required
def home() -> str | Response:
    """What this course offers the person, and what needs staff attention."""
    context = current_launch()
    if find_pending_copy(context.course_id) is not None:
        endpoint = "course.copy_offer" if context.is_staff else "course.not_ready"
        return redirect(lti_url(endpoint), 303)
    attention = []
    if context.is_staff:
        count = count_open_suggestions(context.course_id)
        if count:
            label = ngettext(
                "%(num)d suggestion d'étudiant·e à traiter",
                "%(num)d suggestions d'étudiant·es à traiter",
                count,
            )
            attention.append(Attention(lti_url("references.inbox"), label))
    return render_template("course/home.html", context=context, attention=attention)


@dataclass(frozen=True)
class Attention:
    """One line of the staff's "to do" list on the course home."""

    url: str
    label: str


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
    flash(
        _("Rôle mis à jour pour %(name)s.", name=membership.user.display_name),
        "success",
    )
    return redirect(lti_url("course.members"), 303)


@bp.get("/not-ready")
@launch_required
def not_ready() -> str | Response:
    """Students of a copied course wait here until staff prepare it."""
    if find_pending_copy(current_launch().course_id) is None:
        return redirect(lti_url("course.home"), 303)
    return render_template("course/not_ready.html")


@bp.get("/copy")
@staff_required
def copy_offer() -> str | Response:
    """Offer staff the content of the course this one was copied from."""
    row = find_pending_copy(current_launch().course_id)
    if row is None or row.source is None:
        return redirect(lti_url("course.home"), 303)
    return render_template(
        "course/copy_offer.html",
        source=row.source,
        contents=course_copy.describe(row.source.id),
        form=CopyForm(),
    )


@bp.post("/copy")
@staff_required
def copy_decide() -> Response:
    """Copy the content (``choice=copy``) or start empty (``choice=empty``)."""
    context = current_launch()
    form = CopyForm()
    if not form.validate_on_submit() or form.choice.data not in {"copy", "empty"}:
        abort(400)
    row = find_pending_copy(context.course_id)
    try:
        if row is None:
            raise CopyDecidedError()
        if form.choice.data == "copy":
            copy_from_source(row, context.user_id)
            flash(_("Le contenu du cours a été copié."), "success")
        else:
            decline_copy(row, context.user_id)
            flash(_("Le cours commence vide."), "success")
    except CopyDecidedError:
        flash(_("Ce cours a déjà été préparé."), "info")
    return redirect(lti_url("course.home"), 303)
