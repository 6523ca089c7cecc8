"""Launches through the development LMS, over real HTTP, from another site."""

from __future__ import annotations

from urllib.parse import urlsplit

import jwt
from flask import Flask

from lti_app.devlms import keys, service
from tests.devlms.conftest import LiveDemo
from tests.devlms.driver import LmsBrowser, parse

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"
PRESENTATION = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"
ADMIN_ROLES = [
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
    MEMBERSHIP + "Instructor",
    "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
]
COURSE_TITLE = "Master Politiques sociales — M1"
STAFF_SECTION = 'id="sections-title"'


def _members(browser: LmsBrowser, demo: LiveDemo, ltik: str) -> int:
    url = f"{demo.tool_url}/course/members?ltik={ltik}"
    return browser.http.get(url, timeout=10).status_code


def test_instructor_lands_on_course_home_with_staff_section(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    launch = browser.launch(person=3)
    assert launch.page.status_code == 200
    assert urlsplit(launch.page.url).path == "/course/"
    assert launch.page.url.startswith(live_demo.tool_url)
    assert COURSE_TITLE in launch.page.text
    assert "Mathilde Garnier" in launch.page.text
    assert STAFF_SECTION in launch.page.text
    assert launch.claims()[ROLES] == [MEMBERSHIP + "Instructor"]
    assert _members(browser, live_demo, launch.ltik) == 200


def test_student_sees_no_staff_section_and_members_is_forbidden(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    launch = browser.launch(person=4)
    assert launch.page.status_code == 200
    assert "Inès Moreau" in launch.page.text
    assert STAFF_SECTION not in launch.page.text
    assert launch.claims()[ROLES] == [MEMBERSHIP + "Learner"]
    assert _members(browser, live_demo, launch.ltik) == 403


def test_non_editing_teacher_is_sent_as_learner_like_moodle(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    launch = browser.launch(person=7)
    assert launch.claims()[ROLES] == [MEMBERSHIP + "Learner"]
    assert "Paul Renard" in launch.page.text
    assert STAFF_SECTION not in launch.page.text
    assert _members(browser, live_demo, launch.ltik) == 403


def test_site_admin_not_enrolled_is_instructor_through_the_membership_role(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    launch = browser.launch(person=2)
    assert launch.claims()[ROLES] == ADMIN_ROLES
    assert "Admin Démo" in launch.page.text
    assert STAFF_SECTION in launch.page.text
    assert _members(browser, live_demo, launch.ltik) == 200


def _resign(app: Flask, claims: dict[str, object]) -> str:
    with app.app_context():
        return keys.sign(claims)


def test_institution_and_system_admin_roles_alone_never_make_a_teacher(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    login = browser.login_form(person=2)
    auth = browser.http.get(browser.to_platform(login), allow_redirects=False)
    form = parse(auth).form()
    claims = jwt.decode(form.fields["id_token"], options={"verify_signature": False})
    claims[ROLES] = [r for r in ADMIN_ROLES if "membership" not in r]
    form.fields["id_token"] = _resign(live_demo.app, claims)
    answer = browser.submit(form)
    assert answer.status_code == 303, answer.text
    page = browser.http.get(live_demo.tool_url + answer.headers["Location"], timeout=10)
    assert page.status_code == 200
    assert STAFF_SECTION not in page.text


def test_privacy_off_sends_no_name_nor_email_and_the_tool_falls_back(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    with live_demo.app.app_context():
        service.set_privacy(send_name=False, send_email=False)
    launch = browser.launch(person=4)
    claims = launch.claims()
    assert not {"name", "given_name", "family_name", "email"} & set(claims)
    assert launch.page.status_code == 200
    assert "Inès" not in launch.page.text
    assert "Participant·e 4" in launch.page.text


def test_name_without_email_when_only_the_name_is_shared(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    with live_demo.app.app_context():
        service.set_privacy(send_name=True, send_email=False)
    claims = browser.launch(person=5).claims()
    assert claims["name"] == "Yanis Belkacem"
    assert "email" not in claims


def test_english_locale_is_carried_to_the_tool_page(browser: LmsBrowser) -> None:
    launch = browser.launch(person=6)
    assert launch.claims()[PRESENTATION]["locale"] == "en"
    assert parse(launch.page).lang == "en"
    assert parse(browser.launch(person=4).page).lang == "fr"


def test_new_window_activity_links_out_and_says_window(browser: LmsBrowser) -> None:
    page = browser.activity_page(person=4, activity=2)
    assert page.iframes == []
    launch = browser.launch(person=4, activity=2)
    presentation = launch.claims()[PRESENTATION]
    assert presentation["document_target"] == "window"
    assert "launch_container=4" in presentation["return_url"]
    assert launch.page.status_code == 200


def test_embedded_activity_offers_a_new_window_launch_too(browser: LmsBrowser) -> None:
    launch = browser.launch(person=3, target="window")
    assert launch.claims()[PRESENTATION]["document_target"] == "window"
    assert launch.page.status_code == 200
