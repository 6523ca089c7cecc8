"""Who is asking: the current launch, role decorators and scoped lookups."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, abort, g, request, url_for
from flask_babel import get_locale
from markupsafe import Markup

from lti_app import audit, framing
from lti_app.course.models import Membership
from lti_app.course.service import get_membership, role_in_force
from lti_app.i18n import anonymous_label, role_label, share_wtforms_translations
from lti_app.lti.context import LaunchContext
from lti_app.lti.errors import LtiError
from lti_app.lti.session import TOKEN_FIELD, load_launch, read_token, renewed_token

F = TypeVar("F", bound=Callable[..., Any])


def _load_launch() -> None:
    g.launch = None
    token = read_token()
    if token.status != "valid" or not token.launch_id:
        return
    context = load_launch(token.launch_id)
    if context is None:
        return
    role = role_in_force(context.membership_id)
    if role is None:
        return
    g.launch = dataclasses.replace(context, role=role)
    g.ltik = renewed_token(token, context.launch_id)


def current_launch() -> LaunchContext:
    """The launch this request belongs to; refuse when there is none."""
    context: LaunchContext | None = g.get("launch")
    if context is None:
        status = read_token().status
        raise LtiError("session-expired" if status != "missing" else "session-missing")
    return context


def launch_required(view: F) -> F:
    """Any course member with a live launch."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        current_launch()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def staff_required(view: F) -> F:
    """Instructors and assistants; students get 403."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_launch().is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def instructor_required(view: F) -> F:
    """Instructors only."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_launch().is_instructor:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def get_membership_or_404(context: LaunchContext, membership_id: int) -> Membership:
    """A membership of the current course only."""
    membership = get_membership(context.course_id, membership_id)
    if membership is None:
        abort(404)
    return membership


def audit_action(action: str, **values: Any) -> None:
    """Record an action of this launch's person in the audit trail (see audit.record)."""
    context = current_launch()
    audit.record(
        action,
        actor_role=context.role,
        actor_id=context.user_id,
        course_id=context.course_id,
        platform_id=context.platform_id,
        **values,
    )


def lti_url(endpoint: str, **values: Any) -> str:
    """A link that carries the launch token, for browsers that keep no cookie."""
    if g.get("launch") is not None:
        values[TOKEN_FIELD] = g.ltik
    return url_for(endpoint, **values)


def ltik_field() -> Markup:
    """The hidden form field carrying the launch token."""
    token = g.get("ltik") or ""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        TOKEN_FIELD, token
    )


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    framing.add_frame_ancestors(response)
    if g.get("launch") is not None:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    """Load the launch before each request and expose the template helpers."""
    app.before_request(_load_launch)
    app.before_request(share_wtforms_translations)  # after the launch: its locale
    framing.init_app(app)
    app.after_request(_security_headers)
    app.jinja_env.globals.update(
        lti_url=lti_url,
        ltik_field=ltik_field,
        role_label=role_label,
        anonymous_label=anonymous_label,
        get_locale=get_locale,
        current_path=lambda: request.path,
    )
