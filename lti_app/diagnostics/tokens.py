"""Who may read the diagnostic page: a printed token, or an LMS administrator.

The token printed by ``flask diagnostics-url`` is signed and dated; it opens the
page for every registration. An administrator's launch opens it for the
registrations of their own platform (same issuer) only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from lti_app.lti.context import LaunchContext

SALT = "cartable-diagnostics"


class DiagnosticsAccessError(Exception):
    """The page cannot be shown to this request; ``status`` says why."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class Scope:
    """Which registrations the reader may see: all, or one issuer's."""

    issuer: str | None  # None: every registration


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue(hours: float) -> str:
    """A token valid for ``hours``."""
    return str(_serializer().dumps({"exp": int(time.time() + hours * 3600)}))


def scope_for(token: str | None, launch: LaunchContext | None) -> Scope:
    """The reader's scope; 401 without credentials, 403 for a wrong or expired one."""
    if token:
        try:
            data = _serializer().loads(token)
        except BadSignature as exc:
            raise DiagnosticsAccessError(403) from exc
        if not isinstance(data, dict) or data.get("exp", 0) < time.time():
            raise DiagnosticsAccessError(403)
        return Scope(issuer=None)
    if launch is None:
        raise DiagnosticsAccessError(401)
    if not launch.is_platform_admin:
        raise DiagnosticsAccessError(403)
    return Scope(issuer=launch.issuer)
