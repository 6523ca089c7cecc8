"""A student's released grade, and submission review (the LMS's "view submission").

An ``LtiSubmissionReviewRequest`` names the student in ``for_user``; the launch
feature resolves it to a membership and opens :func:`review` through the hook
:func:`review_target`. Staff see any student's work; a student only their own.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from werkzeug.wrappers import Response

from lti_app.access import current_launch, launch_required
from lti_app.course.models import Membership, User
from lti_app.extensions import db
from lti_app.lti.context import LaunchContext
from lti_app.markdown_text import render
from lti_app.submissions import grade_service, grading, queries
from lti_app.submissions.blueprint import bp, get_assignment_or_404, page
from lti_app.submissions.guide_summary import results
from lti_app.submissions.pages_grading import get_row_or_404
from lti_app.submissions.pages_grading_files import send_feedback_file


@bp.get("/<int:assignment_id>/grade")
@launch_required
def my_grade(assignment_id: int) -> tuple[str, int]:
    """The launching student's grade and feedback, once released."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    grade = grade_service.released_grade(assignment, context.user_id)
    return page("grade.html", assignment=assignment, grade=grade,
                results=results(assignment, grade) if grade else [],
                feedback=render(grade.feedback) if grade else None)  # fmt: skip


@bp.get("/<int:assignment_id>/grade/feedback-file")
@launch_required
def my_feedback_file(assignment_id: int) -> Response:
    """The feedback file of the launching student's released grade."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    return send_feedback_file(grade_service.released_grade(assignment, context.user_id))


def check_review_access(context: LaunchContext, row: grading.Row) -> None:
    """Staff may review anyone's work; anyone else only their own (else 404)."""
    if not context.is_staff and row.membership.id != context.membership_id:
        abort(404)


@bp.get("/<int:assignment_id>/review/<int:membership_id>")
@launch_required
def review(assignment_id: int, membership_id: int) -> tuple[str, int]:
    """One student's submission and grade, as the LMS's "view submission" shows."""
    context = current_launch()
    assignment = get_assignment_or_404(context, assignment_id)
    row = get_row_or_404(assignment, membership_id)
    check_review_access(context, row)
    grade = row.grade
    if not context.is_staff and (grade is None or not grade.is_released):
        grade = None
    return page("review.html", assignment=assignment, row=row, grade=grade,
                version=grading.current_version(row.submission),
                staff=context.is_staff, hidden=row.hidden and context.is_staff,
                results=results(assignment, grade) if grade else [],
                feedback=render(grade.feedback) if grade else None)  # fmt: skip


def find_member(course_id: int, sub: str) -> Membership | None:
    """The membership of the LMS user ``sub`` in this course."""
    return db.session.scalar(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.course_id == course_id, User.sub == sub)
    )


def review_target(context: LaunchContext, slug: str,
                  for_user_sub: str) -> tuple[str, dict[str, int]] | None:  # fmt: skip
    """Endpoint and values of the review page of ``for_user`` on the assignment
    ``slug`` (the ``assignment:<slug>`` target its line item's submission review
    names) in the launch's course; None when either is unknown here.

    The launch feature's submission review hook calls this; the page itself
    checks who may see it (staff: anyone; a student: only themself).
    """
    assignment = queries.find_by_slug(context.course_id, slug)
    if assignment is None:
        return None
    member = find_member(context.course_id, for_user_sub)
    if member is None:
        return None
    return "submissions.review", {"assignment_id": assignment.id,
                                  "membership_id": member.id}  # fmt: skip
