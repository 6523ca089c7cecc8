"""The LMS's own pages: course listing, Moodle-like activity page, tool settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask

from tests.devlms.conftest import LiveDemo
from tests.devlms.driver import LmsBrowser, parse

PEOPLE = (
    "Admin Démo",
    "Mathilde Garnier",
    "Inès Moreau",
    "Yanis Belkacem",
    "Léa Fontaine",
    "Paul Renard",
)


def test_home_lists_the_course_its_activities_and_who_to_launch_as(
    browser: LmsBrowser,
) -> None:
    response = browser.get("/dev/lms/")
    assert response.status_code == 200
    assert "Master Politiques sociales — M1" in response.text
    assert "Cartable — Coordination et partenariats" in response.text
    assert "Cartable — Dossier documentaire" in response.text
    for name in PEOPLE:
        assert f"Ouvrir en tant que {name}" in response.text
    links = [a["href"] for a in parse(response).links]
    assert "/dev/lms/course/2/activity/1?as=7" in links
    assert parse(response).lang == "fr"


def test_activity_page_frames_the_tool_and_allows_its_origin(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    response = browser.get("/dev/lms/course/2/activity/1?as=4")
    (frame,) = parse(response).iframes
    assert frame["id"] == "contentframe"
    assert frame["title"].startswith("Cartable — Coordination et partenariats")
    assert frame["src"].startswith("/dev/lms/course/2/activity/1/launch?")
    policy = response.headers["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]+)", policy)
    assert frame_src is not None
    tool = urlsplit(live_demo.tool_url)
    assert f"{tool.scheme}://{tool.netloc}" in frame_src.group(1).split()
    assert "script-src 'self'" in policy


def test_launch_page_posts_with_a_noscript_button_and_is_not_cached(
    browser: LmsBrowser,
) -> None:
    response = browser.get("/dev/lms/course/2/activity/1/launch?as=4&target=iframe")
    assert response.headers["Cache-Control"] == "no-store"
    assert '<noscript><button type="submit">' in response.text
    assert "<script>" not in response.text  # the CSP forbids inline scripts


def test_privacy_settings_form_needs_its_csrf_token(live_demo: LiveDemo) -> None:
    browser = live_demo.browser()
    page = browser.get("/dev/lms/tool")
    assert live_demo.info.client_id in page.text
    (form,) = parse(page).forms
    refused = browser.http.post(form.action, data={"send_name": "y"}, timeout=10)
    assert refused.status_code == 400
    fields = {"csrf_token": form.fields["csrf_token"], "send_name": "y"}
    saved = browser.http.post(
        form.action, data=fields, allow_redirects=False, timeout=10
    )
    assert saved.status_code == 303
    claims = browser.launch(person=4).claims()
    assert claims["name"] == "Inès Moreau"
    assert "email" not in claims


def test_pages_before_setup_say_how_to_set_up(make_app: Callable[..., Flask]) -> None:
    app = make_app(CARTABLE_DEV_LMS=True)
    client = app.test_client()
    response = client.get("/dev/lms/")
    assert response.status_code == 503
    assert "demo setup" in response.text
    assert client.get("/dev/lms/jwks").status_code == 503
