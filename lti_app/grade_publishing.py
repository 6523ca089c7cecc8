"""Glue between two sibling features: released grades go to the LMS gradebook.

``submissions`` releases grades and knows nothing of AGS; ``gradebook`` sends
scores and knows nothing of assignments. ``create_app`` wires them here, in
plain values, so that neither imports the other; likewise a submission review
launch opens the submissions feature's review page.
"""

from __future__ import annotations

from flask import Flask

from lti_app.gradebook import service as gradebook
from lti_app.launch.review import ReviewTarget, register_review_target
from lti_app.lti.ags import LineItemSpec
from lti_app.lti.context import LaunchContext
from lti_app.submissions import pages_review, release
from lti_app.submissions.targets import PREFIX

# A staff member (or someone no longer a student) has no score in the LMS.
_SKIPPED = {"not-a-student", "unknown-member"}


def _publish(grade: release.GradeToSend) -> None:
    item = LineItemSpec(
        resource_id=grade.resource_id,
        label=grade.label,
        score_maximum=grade.score_maximum,
        tag=grade.tag,
        resource_link_id=grade.resource_link_id,
        review_custom={"cartable_target": grade.resource_id},
    )
    try:
        gradebook.publish_grade(
            course_id=grade.course_id,
            membership_id=grade.membership_id,
            item=item,
            score_given=grade.score_given,
            score_maximum=grade.score_maximum,
            comment=grade.comment,
        )
    except gradebook.GradebookError as error:
        if error.code not in _SKIPPED:
            raise


def _states(course_id: int, resource_id: str) -> dict[int, release.LmsState]:
    states = {}
    for membership_id, state in gradebook.list_grade_states(
        course_id, resource_id
    ).items():
        reason = " ".join(p for p in (state.reason_label, state.reason) if p) or None
        states[membership_id] = release.LmsState(
            status=state.state,
            reason=reason if state.state == "failed" else None,
            sync_id=state.sync_id,
            confirmed=state.confirmed,
        )
    return states


def _resend(course_id: int, sync_id: int) -> bool:
    return gradebook.resend(course_id, sync_id) is not None


def _review_values(context: LaunchContext) -> dict[str, str] | None:
    """The review page of ``for_user`` on the assignment the launch's link opens."""
    target = context.custom.get("cartable_target", "")
    prefix, _, slug = target.partition(":")
    if prefix != PREFIX or not slug or not context.for_user:
        return None
    found = pages_review.review_target(context, slug, context.for_user)
    return None if found is None else {k: str(v) for k, v in found[1].items()}


def init_app(app: Flask) -> None:
    """Send released grades through the gradebook; open reviews on the review page."""
    release.register_publisher(
        app,
        release.GradePublisher(
            publish=_publish,
            states=_states,
            resend=_resend,
            can_send=gradebook.can_send_grades,
        ),
    )
    register_review_target(app, ReviewTarget("submissions.review", _review_values))
