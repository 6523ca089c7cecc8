"""The launch token: our session when the iframe keeps no cookie.

A short-lived signed token names a launch kept in the shared store. It travels in
forms (``ltik``), in an ``Authorization: Bearer`` header for scripts, in links
where it must, and in a cookie when the browser keeps one. The Flask session is
stored server-side under the launch, so Flask-WTF's CSRF secret works in both modes.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Request, Response, current_app, request
from flask.sessions import (
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionMixin,
)
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from lti_app.lti.context import LaunchContext
from lti_app.lti.recent_launches import recent_launches
from lti_app.lti.store import get_store

TOKEN_FIELD = "ltik"  # noqa: S105 - the name of a form field, not a secret
COOKIE = "cartable_ltik"
_ENVIRON_KEY = "cartable.token"
# Paths that never act for a launch: no token decoding, no store reads.
_LAUNCHLESS_PREFIXES = ("/static/", "/ping", "/healthz")
_REUSE = 60  # seconds during which a presented token is handed back unchanged


@dataclass(frozen=True)
class TokenState:
    """What the request carried: no token, a valid one, or an expired/invalid one."""

    status: str  # "missing", "valid", "expired", "invalid"
    launch_id: str | None = None
    raw: str | None = None
    signed_at: float | None = None  # POSIX time, for a valid token


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt="cartable-launch"
    )


def issue_token(launch_id: str) -> str:
    """Sign a fresh token for this launch."""
    return str(_serializer().dumps(launch_id))


def renewed_token(state: TokenState, launch_id: str) -> str:
    """A token for the links and forms of this response.

    Signing costs as much as a small page: a token signed less than a minute ago
    is handed back as it came (it still has almost its whole lifetime).
    """
    if state.raw and state.signed_at and time.time() - state.signed_at < _REUSE:
        return state.raw
    return issue_token(launch_id)


def _raw_token(req: Request) -> str | None:
    auth = req.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth.removeprefix("Bearer ").strip()
    if req.method == "POST" and req.mimetype in {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }:
        token = req.form.get(TOKEN_FIELD)
        if token:
            return token
    return req.args.get(TOKEN_FIELD) or req.cookies.get(COOKIE)


def read_token(req: Request | None = None) -> TokenState:
    """Decode the request's launch token once per request."""
    req = req or request
    cached: TokenState | None = req.environ.get(_ENVIRON_KEY)
    if cached is not None:
        return cached
    raw = None if req.path.startswith(_LAUNCHLESS_PREFIXES) else _raw_token(req)
    state = TokenState("missing")
    if raw:
        max_age = int(current_app.config["CARTABLE_SESSION_SECONDS"])
        try:
            launch_id, signed = _serializer().loads(
                raw, max_age=max_age, return_timestamp=True
            )
            state = TokenState("valid", str(launch_id), raw, signed.timestamp())
        except SignatureExpired:
            state = TokenState("expired")
        except BadSignature:
            state = TokenState("invalid")
    req.environ[_ENVIRON_KEY] = state
    return state


def save_launch(context: LaunchContext) -> None:
    """Keep the launch in the shared store for the launch lifetime."""
    ttl = int(current_app.config["CARTABLE_LAUNCH_SECONDS"])
    expires_at = time.time() + ttl
    get_store().put(f"launch:{context.launch_id}", context.to_json(expires_at), ttl)
    recent_launches().put(context, expires_at)


def load_launch(launch_id: str) -> LaunchContext | None:
    """Return the launch, or None once it has expired.

    A launch is immutable until it expires: this worker's recent ones skip the store.
    """
    context = recent_launches().get(launch_id)
    if context is not None:
        return context
    stored = get_store().get(f"launch:{launch_id}")
    if not stored:
        return None
    context, expires_at = LaunchContext.from_stored(stored)
    if expires_at is not None:
        recent_launches().put(context, expires_at)
    return context


def new_launch_id() -> str:
    """A fresh, unguessable launch id."""
    return secrets.token_urlsafe(24)


class LaunchSession(SecureCookieSession):
    """Session data stored server-side under a launch, never in a cookie.

    Read from the store only when first used: Flask marks a session ``accessed``
    whenever code reaches it through the request (``session``, flashes, CSRF),
    so a request that never looks at it costs no store read.
    """

    _accessed = False
    _pending: Callable[[], dict[str, Any] | None] | None = None

    def __init__(
        self,
        launch_id: str,
        initial: dict[str, Any] | None = None,
        *,
        loader: Callable[[], dict[str, Any] | None] | None = None,
    ) -> None:
        super().__init__(initial or {})
        self.launch_id = launch_id
        self._pending = loader

    @property
    def accessed(self) -> bool:
        """Whether the request reached the session (and so loaded it)."""
        return self._accessed

    @accessed.setter
    def accessed(self, value: bool) -> None:
        if value:
            self.load()
        self._accessed = value

    def load(self) -> None:
        """Read the stored data once; keys already set in this request win."""
        if self._pending is None:
            return
        loader, self._pending = self._pending, None
        merged = loader() or {}
        merged.update(self)
        # dict methods, not self.update: loading is not a modification.
        dict.clear(self)
        dict.update(self, merged)


def _stored_session(launch_id: str) -> dict[str, Any] | None:
    stored = get_store().get(f"session:{launch_id}")
    return dict(json.loads(stored)) if stored else None


class LaunchSessionInterface(SecureCookieSessionInterface):
    """Server-side session under the launch token; the cookie session otherwise."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        token = read_token(request)
        if token.status == "valid" and token.launch_id:
            launch_id = token.launch_id
            return LaunchSession(launch_id, loader=lambda: _stored_session(launch_id))
        return super().open_session(app, request)

    def save_session(
        self, app: Flask, session: SessionMixin, response: Response
    ) -> None:
        if isinstance(session, LaunchSession):
            if session.modified:
                session.load()
                ttl = int(app.config["CARTABLE_LAUNCH_SECONDS"])
                get_store().put(
                    f"session:{session.launch_id}", json.dumps(dict(session)), ttl
                )
            return
        super().save_session(app, session, response)
