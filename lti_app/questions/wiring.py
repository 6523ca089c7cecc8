"""What the factory wires for questions: the ask links, the nav's unread count, the limits."""

from __future__ import annotations

from flask import Flask, g
from flask_babel import lazy_gettext as _l

from lti_app import rate_limits, subjects
from lti_app.access import lti_url
from lti_app.questions import queries


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


def init_app(app: Flask) -> None:
    """Ask links for other pages, the nav's unread count, the posting limits."""
    # Staff answers are follow-ups too: a student's comments never eat their questions.
    rate_limits.register_buckets(
        app,
        rate_limits.Bucket("questions", _l("questions"), ("questions.ask",)),
        rate_limits.Bucket(
            "comments",
            _l("messages de suivi et réponses"),
            ("questions.comment", "questions.answer", "questions.edit_answer"),
        ),
    )
    subjects.register_ask_link(app, _ask_link)
    app.jinja_env.globals["questions_unread"] = _unread
