"""The demo course's modules, published, created once."""

from __future__ import annotations

from lti_app.modules import queries, service
from lti_app.modules.demo_content import MODULES


def seed_demo_modules(course_id: int) -> int:
    """Create the demo modules missing from the course; return how many."""
    existing = {m.title for m in queries.list_modules(course_id, staff=True)}
    added = 0
    for title, body in MODULES:
        if title in existing:
            continue
        module = service.create_module(course_id, None, service.Draft(title, body))
        service.set_status(module, None, published=True)
        added += 1
    return added
