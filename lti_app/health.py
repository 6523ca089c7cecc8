"""Liveness and database check for load balancers and monitoring."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from lti_app.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """200 when the database answers, 503 otherwise.

    ``seen`` is the address this request reached Flask with, after ProxyFix:
    ``check-deploy`` compares it with the public URL it came through.
    """
    seen = request.host_url.rstrip("/")
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.warning("health: database unreachable (%s)", type(exc).__name__)
        db.session.rollback()
        return jsonify(status="degraded", database="unreachable", seen=seen), 503
    return jsonify(status="ok", database="ok", seen=seen), 200


@bp.get("/ping")
def ping() -> str:
    """A fixed short text through the same app: the benchmark's trivial route."""
    return "pong"
