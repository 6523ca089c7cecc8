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
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from lti_app.diagnostics.models import LAUNCH, LOGIN, REFUSAL, Observation
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
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
    """The registration a refused request names, if it is one of ours."""
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
    """Store one observation, pruning its kind to the last ``KEEP`` now and then.

    One Core ``INSERT ... RETURNING``: the launch path pays for no unit of work.
    """
    values = {
        column.name: getattr(observation, column.name)
        for column in Observation.__table__.columns
        if column.name != "id"
    }
    values["created_at"] = values["created_at"] or utcnow()
    new_id = db.session.execute(
        insert(Observation).values(**values).returning(Observation.id)
    ).scalar_one()
    if new_id % PRUNE_EVERY == 0:
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
    """An accepted launch: its token was verified, so iss and azp/aud are ours.

    No query: the page matches launches to registrations by issuer and client.
    """
    payload = unverified_payload(request.form.get("id_token", "")) or {}
    aud = payload.get("aud")
    client = payload.get("azp") or (aud if isinstance(aud, str) else None)
    if client is None and isinstance(aud, list) and aud:
        client = aud[0]
    issuer, iat = _url_or_none(payload.get("iss")), payload.get("iat")
    if issuer is None or not client or not isinstance(iat, int | float):
        return None
    return Observation(
        kind=LAUNCH,
        issuer=issuer,
        client_id=_short(client),
        clock_skew=round(time.time() - float(iat), 1),
        # False: the state came back through platform storage, not a cookie.
        cookie_kept=f"lti_state_{request.form.get('state', '')}" in request.cookies,
    )


def _login() -> Observation | None:
    """At ``login/continue``, the state cookie did not come back: a new window."""
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
        cookie_kept=False,
    )


def _observe(response: Response) -> Observation | None:
    refused: str | None = g.get("lti_refused")
    if refused:
        return _refusal(refused)
    if request.endpoint == "launch.launch" and response.status_code == 303:
        return _launch()
    # Only a lost cookie is written: a kept one shows as the launch that follows,
    # so the common path costs one write, not two.
    if request.endpoint == "launch.login_continue" and response.status_code == 200:
        return _login()
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
