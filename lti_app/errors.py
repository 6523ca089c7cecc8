"""App-wide error pages: HTML by default, JSON when the client asks for it."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from lti_app.extensions import db
from lti_app.lti.errors import LtiError
from lti_app.lti.session import TOKEN_FIELD, read_token
from lti_app.metrics.counters import LTI_REFUSED

log = logging.getLogger(__name__)

TITLES = {
    400: _l("Requête invalide"),
    401: _l("Session requise"),
    403: _l("Accès refusé"),
    404: _l("Page introuvable"),
    405: _l("Méthode non autorisée"),
    413: _l("Fichier trop volumineux"),
    424: _l("Service de la plateforme indisponible"),
    429: _l("Trop de requêtes"),
    500: _l("Erreur interne"),
    503: _l("Cartable est très occupé"),
}
EXPLANATIONS = {
    400: _l("La requête est incomplète ou mal formée."),
    401: _l("Votre session a expiré ou n'existe pas."),
    403: _l("Votre rôle dans ce cours ne permet pas d'ouvrir cette page."),
    404: _l("Cette page n'existe pas, ou elle n'appartient pas à votre cours."),
    405: _l("Cette adresse n'accepte pas ce type de requête."),
    413: _l("Le fichier envoyé dépasse la taille autorisée."),
    429: _l("Trop de requêtes en peu de temps : réessayez dans un instant."),
    500: _l("Une erreur inattendue s'est produite ; elle a été enregistrée."),
    503: _l(
        "Le serveur est très sollicité en ce moment et votre demande n\u2019a pas pu "
        "aboutir\u00a0: rien n\u2019a été enregistré. Réessayez dans quelques secondes."
    ),
}
_HIDDEN_FIELDS = {TOKEN_FIELD, "csrf_token", "id_token", "state"}
RETRY_AFTER_SECONDS = 5
# PostgreSQL: lock_timeout, statement timeout, deadlock, serialization, connection.
_BUSY_SQLSTATES = ("55P03", "57014", "40P01", "40001", "08", "57P")


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def typed_fields() -> list[tuple[str, str]]:
    """What the person typed, given back when a session expired mid-form."""
    if request.method != "POST":
        return []
    return [(k, v) for k, v in request.form.items() if k not in _HIDDEN_FIELDS and v]


def handle_lti_error(error: LtiError) -> tuple[Response | str, int]:
    """A refused LTI request: its reason code, what happened, what to do."""
    log.warning("lti refused reason=%s path=%s", error.code, request.path)
    LTI_REFUSED.labels(error.code).inc()  # codes are a fixed list: bounded
    g.lti_refused = error.code  # read by the diagnostics recorder
    if wants_json():
        return jsonify(
            error=error.code, message=error.message, advice=error.advice
        ), error.status
    page = render_template(
        "errors/lti.html", error=error, typed=typed_fields(), status=error.status
    )
    return page, error.status


def handle_http_error(error: HTTPException) -> tuple[Response | str, int]:
    """Every other HTTP error, with a page of its own."""
    code = error.code or 500
    if isinstance(error, CSRFError):
        log.info("csrf refused path=%s reason=%s", request.path, error.description)
        # The CSRF check runs before the launch is loaded: when the launch token has
        # expired, that is the real reason, and its page gives back what was typed.
        if read_token().status in {"expired", "invalid"}:
            return handle_lti_error(LtiError("session-expired"))
    if wants_json():
        return jsonify(error=code, message=str(EXPLANATIONS.get(code, ""))), code
    page = render_template(
        "errors/http.html",
        status=code,
        title=TITLES.get(code, error.name),
        explanation=EXPLANATIONS.get(code, error.description),
        csrf=isinstance(error, CSRFError),
        typed=typed_fields(),
    )
    return page, code


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    """Log the traceback (no request data) and answer a plain 500 page."""
    log.exception("unhandled error path=%s", request.path)
    try:
        return handle_http_error(InternalServerError())
    except Exception:  # the page itself failed: answer without templates
        log.exception("error page failed path=%s", request.path)
        return "500 Internal Server Error / Erreur interne", 500


def _is_busy(error: OperationalError) -> bool:
    """A lock waited on too long, or the database briefly out of reach."""
    sqlstate = str(getattr(error.orig, "sqlstate", "") or "")
    if sqlstate:
        return sqlstate.startswith(_BUSY_SQLSTATES)
    message = str(error.orig).lower()  # SQLite: "database is locked", "... busy"
    return error.connection_invalidated or "locked" in message or "busy" in message


def handle_database_busy(error: OperationalError) -> ResponseReturnValue:
    """A 503 "try again" page (never a 500) when the database is busy.

    Nothing was saved: the transaction is rolled back before the page is drawn.
    """
    if not _is_busy(error):
        return handle_unexpected(error)
    # The error's text carries the statement and its parameters: only its kind.
    log.warning(
        "database busy path=%s kind=%s", request.path, type(error.orig).__name__
    )
    db.session.rollback()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if wants_json():
        body = jsonify(error=503, message=str(EXPLANATIONS[503]))
        return body, 503, headers
    try:
        page = render_template(
            "errors/busy.html", seconds=RETRY_AFTER_SECONDS, typed=typed_fields()
        )
    except Exception:  # the database may be out of reach for the page too
        log.exception("busy page failed path=%s", request.path)
        page = "503 Service Unavailable / Cartable est occupé, réessayez / try again."
    return page, 503, headers


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(LtiError, handle_lti_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(OperationalError, handle_database_busy)
    app.register_error_handler(Exception, handle_unexpected)
