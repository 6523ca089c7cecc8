"""The course roster from NRPS, for the grading table and for launches without names."""

from __future__ import annotations

import pytest
from flask import Flask

from lti_app.extensions import db
from lti_app.gradebook import service
from lti_app.lti.service_http import ServiceError
from tests.gradebook.conftest import Course
from tests.support.ags_platform import AgsPlatform
from tests.support.launcher import Launcher


def _roster(app: Flask, course_id: int) -> dict[str, service.RosterMember]:
    with app.app_context():
        return {m.sub: m for m in service.list_roster(course_id)}


def test_privacy_never_launch_gets_names_from_the_roster_across_pages(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    course = Course(app, ags, launcher)
    course.launch("5", name=None, given_name=None, family_name=None, email=None)
    assert _roster(app, course.course_id)["5"].display_name == "Participant·e 5"
    ags.page_size = 2
    ags.add_member("7", status="Inactive", name="Camille Roux")
    with app.app_context():
        result = service.refresh_roster(course.course_id)
    assert (result.members, result.added, result.absent) == (5, 4, 0)
    roster = _roster(app, course.course_id)
    assert sorted(roster) == ["3", "4", "5", "6", "7"]
    assert roster["5"].display_name == "Yanis Belkacem"
    assert roster["5"].email == "yanis.belkacem@etu.example.test"
    assert roster["3"].role == "instructor"
    assert roster["6"].role == "student"  # never launched: shows as not submitted
    assert roster["7"].status == "Inactive"
    assert not roster["7"].active
    assert roster["4"].active
    pages = [c for c in ags.calls if c.path.endswith("/memberships")]
    assert len(pages) == 3


def test_a_person_gone_from_the_roster_is_marked_absent(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    course = Course(app, ags, launcher)
    course.launch("4")
    with app.app_context():
        service.refresh_roster(course.course_id)
    ags.members = [m for m in ags.members if m["user_id"] != "4"]
    with app.app_context():
        assert service.refresh_roster(course.course_id).absent == 1
    assert _roster(app, course.course_id)["4"].status == "Absent"


def test_a_later_launch_without_names_keeps_the_rosters(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    course = Course(app, ags, launcher)
    course.launch("4")
    with app.app_context():
        service.refresh_roster(course.course_id)
    course.launch("6", name=None, given_name=None, family_name=None, email=None)
    assert _roster(app, course.course_id)["6"].display_name == "Léa Fontaine"


def test_no_roster_before_a_launch_brought_its_url(
    app: Flask, launcher: Launcher
) -> None:
    launcher.launch()
    with app.app_context(), pytest.raises(service.RosterUnavailableError):
        service.refresh_roster(1)


def test_an_lms_failure_leaves_the_roster_unchanged(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    course = Course(app, ags, launcher)
    course.launch("4")
    ags.down = True
    with app.app_context(), pytest.raises(ServiceError):
        service.refresh_roster(course.course_id)
    with app.app_context():
        db.session.rollback()
    assert sorted(_roster(app, course.course_id)) == ["4"]
