"""Each published module as a deep linking target ``module:<slug>``.

The slug, not the id, travels in the link: a course copied with its modules
keeps the slugs, so old links open the copy's module. The factory hands these
two functions to the launch feature, which this package never imports.
"""

from __future__ import annotations

from lti_app.lti.context import LaunchContext
from lti_app.modules import queries

PREFIX = "module"
ENDPOINT = "modules.show"


def list_module_targets(context: LaunchContext) -> list[tuple[str, str]]:
    """``(slug, title)`` of every published module of the launch's course."""
    return [(m.slug, m.title) for m in queries.list_published(context.course_id)]


def find_module_target(
    context: LaunchContext, slug: str
) -> tuple[str, dict[str, str]] | None:
    """Label and URL values of the module ``slug`` in the launch's course."""
    module = queries.find_by_slug(context.course_id, slug, staff=context.is_staff)
    if module is None:
        return None
    return module.title, {"module_id": str(module.id)}
