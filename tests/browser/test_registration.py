"""Register Cartable by URL from the development LMS in Chromium, two sites apart."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.accessibility import serious_violations
from tests.support.live import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def servers(make_app: Callable[..., Flask]) -> Iterator[tuple[Flask, str, str]]:
    """The LMS on http://localhost, the tool on http://127.0.0.1: two sites."""
    with LiveServer(host_name="localhost") as lms, LiveServer() as tool:
        app = make_app(
            CARTABLE_DEV_LMS=True,
            CARTABLE_PUBLIC_URL=tool.url,
            CARTABLE_REGISTRATION_ALLOWED_NETWORKS=["127.0.0.0/8", "::1/128"],
        )
        setup = ["demo", "setup", "--tool-url", tool.url, "--lms-url", lms.url]
        result = app.test_cli_runner().invoke(args=setup)
        assert result.exit_code == 0, result.output
        lms.serve(app)
        tool.serve(app)
        yield app, lms.url, tool.url


def test_registration_ends_with_the_close_message(
    servers: tuple[Flask, str, str], new_page: Callable[..., Page]
) -> None:
    app, lms_url, tool_url = servers
    result = app.test_cli_runner().invoke(args=["platforms", "registration-url"])
    registration_url = result.output.splitlines()[0]
    assert registration_url.startswith(tool_url)
    page = new_page()
    page.goto(lms_url + "/dev/lms/register-tool")
    page.get_by_label("Adresse d'enregistrement de l'outil").fill(registration_url)
    page.get_by_role("button", name="Ajouter LTI Advantage").click()
    frame = page.frame_locator("#registration-frame iframe")
    expect(frame.get_by_role("heading", name="Cartable est enregistré")).to_be_visible()
    assert serious_violations(page) == []
    # The tool's page posts org.imsglobal.lti.close to the LMS's origin; the LMS
    # listens for that origin only and then shows its list of tools.
    frame.get_by_role("button", name="Terminer et revenir à la plateforme").click()
    expect(page).to_have_url(lms_url + "/dev/lms/register-tool?closed=1")
    expect(page.get_by_role("status")).to_contain_text("terminé son enregistrement")
    expect(page.get_by_role("table")).to_contain_text("Cartable")


def test_close_message_is_not_heard_by_another_origin(
    servers: tuple[Flask, str, str], new_page: Callable[..., Page]
) -> None:
    """Framed by a page of another origin, the tool's message never reaches it."""
    app, lms_url, _ = servers
    result = app.test_cli_runner().invoke(args=["platforms", "registration-url"])
    registration_url = result.output.splitlines()[0]
    page = new_page()
    page.goto(lms_url + "/dev/lms/register-tool")
    page.get_by_label("Adresse d'enregistrement de l'outil").fill(registration_url)
    page.get_by_role("button", name="Ajouter LTI Advantage").click()
    frame = page.frame_locator("#registration-frame iframe")
    expect(frame.get_by_role("heading", name="Cartable est enregistré")).to_be_visible()
    # Rewrite the origin the page will target, as if the platform were elsewhere:
    # postMessage then drops the message and the LMS stays where it is.
    frame.locator("#registration-done").evaluate(
        "el => el.setAttribute('data-platform-origin', 'http://elsewhere.test')"
    )
    frame.get_by_role("button", name="Terminer et revenir à la plateforme").click()
    page.wait_for_timeout(500)
    assert "closed=1" not in page.url


def test_diagnostic_page_is_accessible(
    servers: tuple[Flask, str, str], new_page: Callable[..., Page]
) -> None:
    app, _, tool_url = servers
    result = app.test_cli_runner().invoke(args=["diagnostics-url"])
    page = new_page()
    page.goto(result.output.splitlines()[0])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Diagnostic")
    assert tool_url + "/lti/login" in page.content()
    assert serious_violations(page) == []
