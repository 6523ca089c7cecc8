"""Each assignment as a deep linking target ``assignment:<slug>``, with its column.

The slug, not the id, travels in the link (a copied course keeps its slugs). The
content item carries a ``lineItem`` so that the platform creates the gradebook
column, with ``submissionReview`` so that its gradebook offers "view submission".
The factory hands these functions to the launch feature, never imported here.
"""

from __future__ import annotations

from flask_babel import gettext as _

from lti_app.lti.context import LaunchContext
from lti_app.lti.deep_linking import LineItem
from lti_app.submissions import queries

PREFIX = "assignment"
ENDPOINT = "submissions.show"
TAG = "cartable-assignment"


def list_assignment_targets(context: LaunchContext) -> list[tuple[str, str]]:
    """``(slug, title)`` of every assignment of the launch's course."""
    return [
        (a.slug, _("Devoir : %(title)s", title=a.title))
        for a in queries.list_assignments(context.course_id)
    ]


def find_assignment_target(
    context: LaunchContext, slug: str
) -> tuple[str, dict[str, str]] | None:
    """Label and URL values of the assignment ``slug`` in the launch's course."""
    assignment = queries.find_by_slug(context.course_id, slug)
    if assignment is None:
        return None
    return assignment.title, {"assignment_id": str(assignment.id)}


def assignment_line_item(context: LaunchContext, slug: str) -> LineItem | None:
    """The gradebook column of the assignment: its points, title and slug."""
    assignment = queries.find_by_slug(context.course_id, slug)
    if assignment is None:
        return None
    return LineItem(
        score_maximum=assignment.points,
        label=assignment.title,
        resource_id=f"{PREFIX}:{assignment.slug}",
        tag=TAG,
        submission_review={
            "reviewableStatus": ["Submitted", "Completed"],
            "label": _("Voir le dépôt"),
            "custom": {"cartable_target": f"{PREFIX}:{assignment.slug}"},
        },
    )
