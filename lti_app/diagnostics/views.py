"""``/lti/diagnostics``: every registration's health, for the people who fix it."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, render_template, request
from sqlalchemy import select

from lti_app.diagnostics import checks, recording
from lti_app.diagnostics.site_check import check_site
from lti_app.diagnostics.tokens import DiagnosticsAccessError, scope_for
from lti_app.extensions import db
from lti_app.lti.models import Platform
from lti_app.tool_urls import tool_urls

bp = Blueprint("diagnostics", __name__, url_prefix="/lti")
bp.record_once(recording.install)


def _page(page: str, status: int = 200) -> Response:
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the URL may hold a token
    return response


@bp.errorhandler(DiagnosticsAccessError)
def refused(error: DiagnosticsAccessError) -> Response:
    """Say how to open the page, never what it would show."""
    page = render_template("diagnostics/refused.html", status=error.status)
    return _page(page, error.status)


def _platform_lines(platform: Platform) -> list[checks.Line]:
    config = current_app.config
    return [
        checks.check_jwks(platform, float(config["CARTABLE_HTTP_TIMEOUT"])),
        checks.check_clock(platform, int(config["CARTABLE_JWT_LEEWAY"])),
        checks.check_cookie(platform),
        check_site(platform, request.host_url),
        checks.check_refusals(platform),
    ]


@bp.get("/diagnostics")
def page() -> Response:
    """The checks for each registration the reader may see."""
    scope = scope_for(request.args.get("token"), g.get("launch"))
    query = select(Platform).order_by(Platform.issuer, Platform.client_id)
    if scope.issuer is not None:
        query = query.where(Platform.issuer == scope.issuer)
    platforms = list(db.session.scalars(query))
    config = current_app.config
    proxy = checks.check_proxy(
        request.scheme,
        request.host,
        config["CARTABLE_PUBLIC_URL"],
        int(config["CARTABLE_PROXY_HOPS"]),
    )
    unmatched = checks.unmatched_refusals(scope.issuer)
    html = render_template(
        "diagnostics/page.html",
        proxy=proxy,
        registrations=[(p, _platform_lines(p)) for p in platforms],
        urls=tool_urls(),
        unmatched=unmatched,
        everything=scope.issuer is None,
    )
    return _page(html)
