"""The diagnostic line for http across sites: fails over http, passes over https."""

from __future__ import annotations

from flask import Flask

from tests.diagnostics.conftest import line, printed_token, status
from tests.support.platform import Platform

SITE = "Site de Cartable et de la plateforme"


def test_http_tool_beside_an_https_lms_fails_with_its_code(
    app: Flask, platform: Platform
) -> None:
    token = printed_token(app)
    page = app.test_client().get("/lti/diagnostics", query_string={"token": token})
    assert status(page, SITE) == "fail"
    html = line(page, SITE)
    assert "http-cross-site" in html
    assert "http://localhost" in html
    assert "https://example.test" in html
    assert "Servez Cartable en https" in html
    english = app.test_client().get(
        "/lti/diagnostics",
        query_string={"token": token},
        headers={"Accept-Language": "en"},
    )
    assert "Serve Cartable over https" in line(
        english, "Sites of Cartable and of the platform"
    )


def test_https_tool_passes(app: Flask, platform: Platform) -> None:
    page = app.test_client().get(
        "/lti/diagnostics",
        query_string={"token": printed_token(app)},
        base_url="https://localhost",
    )
    assert status(page, SITE) == "ok"
