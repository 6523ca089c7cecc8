"""The assignments a question may be about (every live one: students see them all)."""

from __future__ import annotations

from lti_app.submissions import queries


def list_assignment_titles(course_id: int, staff: bool) -> list[tuple[int, str]]:
    """``(id, title)`` of the course's assignments, by due date."""
    return [(a.id, a.title) for a in queries.list_assignments(course_id)]
