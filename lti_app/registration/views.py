"""``/lti/register``: one registration code, one platform registered."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, render_template, request

from lti_app import framing
from lti_app.lti import dynamic_registration
from lti_app.lti.outbound import Guard
from lti_app.lti.registration_codes import claim_code, release
from lti_app.lti.registration_errors import RegistrationError
from lti_app.tool_urls import tool_urls

bp = Blueprint("registration", __name__, url_prefix="/lti")
log = logging.getLogger(__name__)


def _no_store(page: str, status: int = 200) -> Response:
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the URL holds the code
    return response


@bp.errorhandler(RegistrationError)
def refused(error: RegistrationError) -> Response:
    """A precise page for the administrator, in French or English."""
    log.warning("registration refused reason=%s", error.code)
    page = render_template("registration/refused.html", error=error)
    return _no_store(page, error.status)


def _guard() -> Guard:
    config = current_app.config
    return Guard.from_settings(
        config["CARTABLE_REGISTRATION_ALLOWED_NETWORKS"],
        float(config["CARTABLE_HTTP_TIMEOUT"]),
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@bp.get("/register")
def register() -> Response:
    """Claim the code, register with the platform, confirm, then let it close us."""
    claim = claim_code(request.args.get("code", ""))
    # The LMS shows this page in its frame, and is not registered yet.
    framing.allow_origin(request.args.get("openid_configuration", ""))
    try:
        outcome = dynamic_registration.register(
            request.args.get("openid_configuration", ""),
            request.args.get("registration_token") or None,
            tool_urls(),
            _guard(),
        )
    except RegistrationError:
        release(claim)
        raise
    log.info(
        "registration done platform=%s created=%s",
        outcome.platform.id,
        outcome.created,
    )
    page = render_template(
        "registration/done.html",
        outcome=outcome,
        platform_origin=_origin(request.args["openid_configuration"]),
    )
    return _no_store(page)
