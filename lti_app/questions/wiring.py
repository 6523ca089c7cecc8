"""What the factory wires for questions: the ask links and the nav's unread count."""

from __future__ import annotations

from flask import Flask, g
from flask_limiter import Limiter

from lti_app import subjects
from lti_app.access import lti_url
from lti_app.questions import queries
from lti_app.questions.blueprint import limit_posts


def _ask_link(kind: str, item_id: int) -> str:
    return lti_url("questions.ask", about=f"{kind}:{item_id}")


def _unread() -> int:
    """Threads with news for the person of this launch (0 without one)."""
    context = g.get("launch")
    if context is None:
        return 0
    if "questions_unread" not in g:
        g.questions_unread = queries.unread_count(
            context.course_id, context.membership_id, staff=context.is_staff
        )
    return int(g.questions_unread)


def init_app(app: Flask, limiter: Limiter) -> None:
    """Ask links for other pages, the nav's unread count, the posting limit."""
    limit_posts(app, limiter)
    subjects.register_ask_link(app, _ask_link)
    app.jinja_env.globals["questions_unread"] = _unread
