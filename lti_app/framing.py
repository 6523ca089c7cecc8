"""Who may frame Cartable: Cartable itself and the registered platforms, no one else.

Every response carries ``Content-Security-Policy: frame-ancestors 'self' <origins>``,
the origins being each active registration's issuer origin and the extra origins an
operator added to it. The directive is computed once and kept: it is rebuilt when a
registration changes in this process, and at least every ``REFRESH_SECONDS`` for
changes made by another process (the CLI, another worker). A page of a launch also
lists its own platform's origin, so that a registration made elsewhere a moment ago
still frames its first launch; a view may allow one more origin for its response
(:func:`allow_origin`, for Dynamic Registration).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from flask import Flask, current_app, g
from sqlalchemy import event, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, object_session
from werkzeug.wrappers import Response

from lti_app.extensions import db
from lti_app.lti.models import Platform
from lti_app.lti.registry import SAFE_ORIGIN, origin_of

log = logging.getLogger(__name__)
HEADER = "Content-Security-Policy"
DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'"
)
REFRESH_SECONDS = 30.0
_generation = 0  # bumped whenever a registration change is committed here
_CHANGED = "cartable_platforms_changed"


def _registration_written(_mapper: object, _connection: object, target: object) -> None:
    session = object_session(target)
    if session is not None:
        session.info[_CHANGED] = True


def _committed(session: Session) -> None:
    """Bumped after the commit: a rebuild in between would read the old rows."""
    global _generation
    if session.info.pop(_CHANGED, False):
        _generation += 1


def _rolled_back(session: Session) -> None:
    session.info.pop(_CHANGED, None)


for _name in ("after_insert", "after_update", "after_delete"):
    event.listen(Platform, _name, _registration_written)
event.listen(Session, "after_commit", _committed)
event.listen(Session, "after_rollback", _rolled_back)


@dataclass(frozen=True)
class Ancestors:
    """The allowed origins, the directive and the whole default header, ready."""

    origins: frozenset[str]
    directive: str
    default_header: str
    generation: int
    built_at: float


def _build(origins: frozenset[str], generation: int) -> Ancestors:
    directive = " ".join(["frame-ancestors 'self'", *sorted(origins)])
    return Ancestors(origins, directive, f"{DEFAULT_POLICY}; {directive}",
                     generation, time.monotonic())  # fmt: skip


def _read_origins() -> frozenset[str]:
    """One query on a connection of its own: the request's session may be broken."""
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(Platform.issuer, Platform.frame_origins).where(Platform.active)
        ).all()
    origins = {origin_of(issuer) for issuer, _extra in rows}
    origins.update(o for _issuer, extra in rows for o in (extra or "").split())
    return frozenset(o for o in origins if o and SAFE_ORIGIN.fullmatch(o))


class FrameAncestors:
    """The cached directive of one application."""

    def __init__(self) -> None:
        self._current: Ancestors | None = None
        self._lock = threading.Lock()

    def get(self) -> Ancestors:
        """The current directive; rebuilt when stale (one query)."""
        current = self._current
        if (
            current is not None
            and current.generation == _generation
            and time.monotonic() - current.built_at < REFRESH_SECONDS
        ):
            return current
        with self._lock:
            generation = _generation
            try:
                fresh = _build(_read_origins(), generation)
            except SQLAlchemyError:
                log.warning("framing: registrations unreadable, only 'self' for now")
                # Not kept past this request's check: try again on the next one.
                return _build(current.origins if current else frozenset(), -1)
            self._current = fresh
            return fresh


def _merge(policy: str, directive: str) -> str:
    """A view's own policy with our ``frame-ancestors`` in place of its own."""
    kept = [
        part.strip()
        for part in policy.split(";")
        if part.strip() and not part.strip().lower().startswith("frame-ancestors")
    ]
    return "; ".join([*kept, directive])


def allow_origin(url: str) -> None:
    """Let this response be framed by the origin of ``url`` too.

    For Dynamic Registration: the LMS frames the registration page before it is
    a registered platform (the view calls this once the one-time code is valid).
    """
    g.frame_origin = origin_of(url)


def _this_request() -> set[str]:
    """The launch's own platform, and an origin a view allowed."""
    launch = g.get("launch")
    wanted = {origin_of(launch.issuer) if launch is not None else None}
    wanted.add(g.get("frame_origin"))
    return {o for o in wanted if o and SAFE_ORIGIN.fullmatch(o)}


def add_frame_ancestors(response: Response) -> Response:
    """Set the policy on a response: ours, or the view's merged with ours."""
    ancestors: Ancestors = current_app.extensions["cartable_framing"].get()
    missing = _this_request() - ancestors.origins
    if missing:
        ancestors = _build(ancestors.origins | missing, ancestors.generation)
    policy = response.headers.get(HEADER)
    if policy is None:
        response.headers[HEADER] = ancestors.default_header
    else:
        response.headers[HEADER] = _merge(policy, ancestors.directive)
    return response


def init_app(app: Flask) -> None:
    """Keep one directive per application."""
    app.extensions["cartable_framing"] = FrameAncestors()
