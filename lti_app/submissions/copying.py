"""A course copied in the LMS takes its assignments' settings, never the work.

Marking guides (criteria and levels) come along; criterion scores and the
comment bank, written about students' work, do not.

The slug is kept, so a deep-linked assignment of the copied course opens the
copy's assignment; the course's time zone comes along. Submissions, extensions
and grades are students' data and stay with the source.
"""

from __future__ import annotations

from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.submissions import queries
from lti_app.submissions.guide_service import copy_guide
from lti_app.submissions.models import Assignment

_SETTINGS = (
    "title", "slug", "instructions", "opens_at", "due_at", "cutoff_at",
    "accepted_kinds", "max_bytes", "max_files", "attempts_allowed", "points",
    "require_submit", "blind_marking", "expected_pages",
)  # fmt: skip


def count_assignments(course_id: int) -> int:
    """How many assignments a copy would take."""
    return len(queries.list_assignments(course_id))


def copy_assignments(
    source_id: int, target_id: int, maps: dict[str, dict[int, int]]
) -> int:
    """Copy the live assignments (settings only); ``maps["assignments"]`` old -> new."""
    ids = maps.setdefault("assignments", {})
    source, target = (
        db.session.get(Course, source_id),
        db.session.get(Course, target_id),
    )
    if source is not None and target is not None:
        target.timezone = source.timezone
    taken = {a.slug for a in queries.list_assignments(target_id)}
    count = 0
    for assignment in queries.list_assignments(source_id):
        if assignment.slug in taken:
            continue
        copy = Assignment(course_id=target_id,
                          **{name: getattr(assignment, name) for name in _SETTINGS})  # fmt: skip
        copy.accepted_kinds = list(assignment.accepted_kinds)
        db.session.add(copy)
        db.session.flush()
        copy_guide(assignment, copy)
        ids[assignment.id] = copy.id
        count += 1
    return count
