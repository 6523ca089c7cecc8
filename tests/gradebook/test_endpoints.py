"""Launches record the AGS and NRPS endpoints the worker needs later."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from lti_app.course.endpoints import ServiceEndpoint
from lti_app.extensions import db
from lti_app.gradebook import service
from tests.gradebook.conftest import NRPS, Course
from tests.support.ags_platform import AgsPlatform
from tests.support.launcher import Launcher
from tests.support.platform import AGS_ENDPOINT


def _rows(app: Flask) -> list[ServiceEndpoint]:
    with app.app_context():
        return list(db.session.scalars(select(ServiceEndpoint)))


def test_a_resource_link_launch_records_its_column_and_the_roster_url(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    Course(app, ags, launcher).launch("4", lineitem=2)
    (row,) = _rows(app)
    assert row.resource_link_id == "1"
    assert row.lineitem_url == ags.lineitem_url(2)
    assert row.lineitems_url == ags.lineitems_url
    assert set(row.ags_scopes) == set(ags.ags_claim()["scope"])
    assert row.memberships_url == ags.memberships_url


def test_a_relaunch_with_the_same_endpoints_writes_nothing(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    course = Course(app, ags, launcher)
    course.launch("4", lineitem=2)
    (before,) = _rows(app)
    course.launch("5", lineitem=2)
    (after,) = _rows(app)
    assert after.updated_at == before.updated_at
    course.launch("5", lineitem=3)  # the activity's column changed
    (changed,) = _rows(app)
    assert changed.lineitem_url == ags.lineitem_url(3)


def test_a_deep_linking_launch_records_the_courses_row(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    login = launcher.login()
    claims = launcher.platform.deep_linking_claims(
        login.nonce, **{AGS_ENDPOINT: ags.ags_claim(), NRPS: ags.nrps_claim()}
    )
    assert launcher.post(launcher.platform.sign(claims), login.state).status_code == 303
    (row,) = _rows(app)
    assert (row.resource_link_id, row.lineitem_url) == ("", None)
    assert row.lineitems_url == ags.lineitems_url


def test_a_launch_without_services_records_nothing(
    app: Flask, launcher: Launcher
) -> None:
    assert launcher.launch().status_code == 303
    assert _rows(app) == []


def test_grades_can_be_sent_once_a_launch_brought_the_score_scope(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    launcher.launch()
    with app.app_context():
        assert not service.can_send_grades(1)
    course = Course(app, ags, launcher)
    course.launch("4", lineitem=2)
    with app.app_context():
        assert service.can_send_grades(course.course_id, "1")
        assert service.can_send_grades(course.course_id)
        assert service.can_send_grades(course.course_id, "77")  # the course's row


def test_without_the_score_scope_grades_stay_in_cartable(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    read_only = {**ags.ags_claim(2), "scope": [ags.ags_claim()["scope"][1]]}
    Course(app, ags, launcher).launch("4", **{AGS_ENDPOINT: read_only})
    with app.app_context():
        assert not service.can_send_grades(1, "1")
