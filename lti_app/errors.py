"""App-wide error pages: HTML by default, JSON when the client asks for it."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from lti_app.lti.errors import LtiError
from lti_app.lti.session import TOKEN_FIELD, read_token

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
}
_HIDDEN_FIELDS = {TOKEN_FIELD, "csrf_token", "id_token", "state"}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _typed_fields() -> list[tuple[str, str]]:
    """What the person typed, given back when a session expired mid-form."""
    if request.method != "POST":
        return []
    return [(k, v) for k, v in request.form.items() if k not in _HIDDEN_FIELDS and v]


def handle_lti_error(error: LtiError) -> tuple[Response | str, int]:
    """A refused LTI request: its reason code, what happened, what to do."""
    log.warning("lti refused reason=%s path=%s", error.code, request.path)
    g.lti_refused = error.code  # read by the diagnostics recorder
    if _wants_json():
        return jsonify(
            error=error.code, message=error.message, advice=error.advice
        ), error.status
    page = render_template(
        "errors/lti.html", error=error, typed=_typed_fields(), status=error.status
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
    if _wants_json():
        return jsonify(error=code, message=str(EXPLANATIONS.get(code, ""))), code
    page = render_template(
        "errors/http.html",
        status=code,
        title=TITLES.get(code, error.name),
        explanation=EXPLANATIONS.get(code, error.description),
        csrf=isinstance(error, CSRFError),
        typed=_typed_fields(),
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


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(LtiError, handle_lti_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
