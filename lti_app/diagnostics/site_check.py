"""The diagnostic line for a tool served over http on another site than the LMS."""

from __future__ import annotations

from flask_babel import gettext as _

from lti_app.diagnostics.checks import FAIL, OK, Line
from lti_app.lti.models import Platform
from lti_app.sites import http_cross_site, site_of


def check_site(platform: Platform, tool_url: str) -> Line:
    """Over http, only a platform on the tool's own site can launch it."""
    name = _("Site de Cartable et de la plateforme")
    tool, lms = site_of(tool_url), site_of(platform.auth_login_url)
    if not http_cross_site(tool_url, platform.issuer, platform.auth_login_url):
        summary = _(
            "Cartable ({tool}) et la plateforme ({lms}) peuvent échanger le cookie de lancement."
        )
        return Line(name, OK, summary.format(tool=tool, lms=lms))
    summary = _(
        "Cartable est servi en http ({tool}) sur un autre site que la plateforme "
        "({lms}) : aucun lancement ne peut aboutir (code http-cross-site)."
    ).format(tool=tool, lms=lms)
    fix = _(
        "Servez Cartable en https (derrière un proxy TLS, avec CARTABLE_PROXY_HOPS) : "
        "hors du site de la plateforme, le navigateur ne renvoie le cookie de "
        "lancement qu’à un outil en https, dans le cadre comme dans une nouvelle fenêtre."
    )
    return Line(name, FAIL, summary, fix)
