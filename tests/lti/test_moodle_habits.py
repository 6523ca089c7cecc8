"""Moodle's habits at login and launch: opaque hints, no names, full-window launches."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.launcher import Launcher, ltik_of
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI

UNNAMED = {"name": None, "given_name": None, "family_name": None, "email": None}


@pytest.mark.parametrize(
    ("login_hint", "message_hint"),
    [
        ("4", '{"cmid":2,"launchid":"ltilaunch1_368121321"}'),
        (" 4 ", '{ "cmid" : 2, "launchid" : "a+b=c&d" }'),
        ("étudiant·e@exemple", "é%20ü/?#[]"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_hints_are_echoed_unchanged(
    launcher: Launcher, method: str, login_hint: str, message_hint: str
) -> None:
    """Both hints go back to the platform byte for byte (Moodle reads its launch id
    from ``lti_message_hint`` and checks ``login_hint`` against its session)."""
    login = launcher.login(method, login_hint=login_hint, lti_message_hint=message_hint)
    assert login.query["login_hint"] == login_hint
    assert login.query["lti_message_hint"] == message_hint


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_launch_without_name_or_email_shows_a_neutral_label(
    launcher: Launcher, client: FlaskClient, locale: str
) -> None:
    presentation = {"document_target": "iframe", "locale": locale}
    response = launcher.launch(
        sub="4", **UNNAMED, **{LTI + "launch_presentation": presentation}
    )
    assert response.status_code == 303, response.text
    page = client.get(response.location)
    assert page.status_code == 200
    label = "Participant·e 4" if locale == "fr" else "Participant 4"
    assert f'<p class="who">{label} ·' in page.text
    assert "None" not in page.text


def test_unnamed_people_are_listed_with_the_label_and_keep_a_name_once_sent(
    launcher: Launcher, client: FlaskClient
) -> None:
    launcher.launch_token(sub="5", **UNNAMED, **{LTI + "roles": LEARNER_ROLES})
    launcher.launch_token(
        sub="6", name="Léa Fontaine", **{LTI + "roles": LEARNER_ROLES}
    )
    launcher.launch_token(sub="6", **UNNAMED, **{LTI + "roles": LEARNER_ROLES})
    teacher = launcher.launch_token(
        sub="3", **UNNAMED, **{LTI + "roles": INSTRUCTOR_ROLES}
    )
    members = client.get(f"/course/members?ltik={teacher}")
    assert members.status_code == 200
    assert "Participant·e 5" in members.text
    assert "Léa Fontaine" in members.text
    assert "Participant·e 6" not in members.text


def test_full_window_launch_is_served_like_a_framed_one(
    launcher: Launcher, client: FlaskClient, app: Flask
) -> None:
    """``document_target`` "window" (Moodle's mobile default) changes nothing."""
    framed = launcher.launch()
    window = launcher.launch(
        **{LTI + "launch_presentation": {"document_target": "window", "locale": "fr"}}
    )
    assert urlsplit(window.location).path == urlsplit(framed.location).path
    assert parse_qs(urlsplit(window.location).query).keys() == {"ltik"}
    page = client.get(f"/course/?ltik={ltik_of(window)}")
    assert page.status_code == 200
    assert "Inès Moreau" in page.text
