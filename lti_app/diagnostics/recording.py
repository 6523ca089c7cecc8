"""Record logins, accepted launches and refusals, as they leave the launch views.

An ``after_app_request`` hook watches the launch endpoints' responses, so the
launch code itself stays unaware of diagnostics. Each kind keeps its last
``KEEP`` rows; nothing personal is kept (see :mod:`lti_app.diagnostics.models`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Response, g, request
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from lti_app.diagnostics.models import LAUNCH, LOGIN, REFUSAL, Observation
from lti_app.extensions import db
from lti_app.lti.models import Platform
from lti_app.lti.store import get_store
from lti_app.lti.validation import unverified_payload

log = logging.getLogger(__name__)
KEEP = 200
PRUNE_EVERY = 20
LAUNCH_ENDPOINTS = frozenset(
    {"launch.login", "launch.login_continue", "launch.login_window", "launch.launch"}
)


def _short(value: object, size: int = 255) -> str | None:
    return str(value)[:size] if isinstance(value, str) and value else None


def _url_or_none(value: object) -> str | None:
    """An issuer is kept only when it looks like one (a URL), never free text."""
    text = _short(value)
    if text is None or urlsplit(text).scheme not in {"http", "https"}:
        return None
    return text


def _platform_of(issuer: str | None, audiences: list[str]) -> Platform | None:
    if issuer is None:
        return None
    rows = db.session.scalars(select(Platform).where(Platform.issuer == issuer))
    return next((p for p in rows if p.client_id in audiences), None)


def _who(form: Mapping[str, str]) -> tuple[str | None, list[str]]:
    """The issuer and candidate client ids a request names, unverified."""
    payload = unverified_payload(form.get("id_token", ""))
    if payload is not None:
        aud = payload.get("aud")
        audiences = [aud] if isinstance(aud, str) else aud
        clients = [a for a in audiences if isinstance(a, str)] if audiences else []
        return _url_or_none(payload.get("iss")), clients
    client = form.get("client_id")
    return _url_or_none(form.get("iss")), [client] if client else []


def add(observation: Observation) -> None:
    """Store one observation, pruning its kind to the last ``KEEP`` now and then."""
    db.session.add(observation)
    db.session.flush()
    if observation.id % PRUNE_EVERY == 0:
        prune(observation.kind)
    db.session.commit()


def prune(kind: str) -> None:
    """Keep the last ``KEEP`` rows of this kind."""
    newest = (
        select(Observation.id)
        .where(Observation.kind == kind)
        .order_by(Observation.id.desc())
        .limit(KEEP)
        .subquery()
    )
    db.session.execute(
        delete(Observation).where(
            Observation.kind == kind,
            Observation.id < select(db.func.min(newest.c.id)).scalar_subquery(),
        )
    )


def _refusal(code: str) -> Observation:
    source = request.form if request.method == "POST" else request.args
    issuer, clients = _who(source)
    platform = _platform_of(issuer, clients)
    return Observation(
        kind=REFUSAL,
        reason=code[:64],
        issuer=issuer,
        client_id=platform.client_id if platform else _short(next(iter(clients), None)),
        platform_id=platform.id if platform else None,
    )


def _launch() -> Observation | None:
    payload = unverified_payload(request.form.get("id_token", "")) or {}
    issuer, clients = _who(request.form)
    platform = _platform_of(issuer, clients)
    iat = payload.get("iat")
    if platform is None or not isinstance(iat, int | float):
        return None
    return Observation(
        kind=LAUNCH,
        platform_id=platform.id,
        issuer=platform.issuer,
        client_id=platform.client_id,
        clock_skew=round(time.time() - float(iat), 1),
    )


def _login(response: Response) -> Observation | None:
    """At ``login/continue``: 303 onward means the state cookie came back."""
    stored = get_store().get(f"state:{request.args.get('state', '')}")
    if stored is None:
        return None
    platform = db.session.get(Platform, int(json.loads(stored)["platform_id"]))
    if platform is None:
        return None
    return Observation(
        kind=LOGIN,
        platform_id=platform.id,
        issuer=platform.issuer,
        client_id=platform.client_id,
        cookie_kept=response.status_code == 303,
    )


def _observe(response: Response) -> Observation | None:
    refused: str | None = g.get("lti_refused")
    if refused:
        return _refusal(refused)
    if request.endpoint == "launch.launch" and response.status_code == 303:
        return _launch()
    if request.endpoint == "launch.login_continue" and response.status_code < 400:
        return _login(response)
    return None


def record(response: Response) -> Response:
    """The hook: observe the launch endpoints, never fail the response."""
    if request.endpoint not in LAUNCH_ENDPOINTS:
        return response
    try:
        if g.get("lti_refused"):
            db.session.rollback()  # the refused request's own work is void
        observation = _observe(response)
        if observation is not None:
            add(observation)
    except (SQLAlchemyError, ValueError, KeyError, TypeError):
        db.session.rollback()
        log.warning("diagnostics: could not record path=%s", request.path)
    return response


def install(state: Any) -> None:
    """Blueprint ``record_once`` callback: hook every request of the app."""
    state.app.after_request(record)
