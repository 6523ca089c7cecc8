"""The roster refreshed by the worker: at a stale staff launch and nightly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select, update

from lti_app.course.models import User
from lti_app.course.roster import RosterEntry
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.outbox import service as outbox
from lti_app.outbox.models import FAILED, SENT, OutboxMessage
from lti_app.settings import SettingsError, load_settings
from tests.gradebook.conftest import NRPS, Course
from tests.support.ags_platform import AgsPlatform
from tests.support.launcher import Launcher
from tests.support.platform import AGS_ENDPOINT, INSTRUCTOR_ROLES, LTI


def _staff_launch(course: Course) -> None:
    course.launcher.launch(
        sub="3",
        name=None,
        given_name=None,
        family_name=None,
        **{
            AGS_ENDPOINT: course.ags.ags_claim(),
            NRPS: course.ags.nrps_claim(),
            LTI + "roles": INSTRUCTOR_ROLES,
        },
    )


def _refreshes(app: Flask) -> list[OutboxMessage]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "roster.refresh")
            )
        )


def _names(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {u.sub: u.display_name for u in db.session.scalars(select(User))}


def _unnamed_course(app: Flask, ags: AgsPlatform, launcher: Launcher) -> Course:
    course = Course(app, ags, launcher)
    course.launch("5", name=None, given_name=None, family_name=None, email=None)
    return course


def test_a_stale_staff_launch_queues_one_refresh_the_worker_fills_names(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    course = _unnamed_course(app, ags, launcher)
    assert _refreshes(app) == []  # a learner's launch queues nothing
    _staff_launch(course)
    _staff_launch(course)  # a double launch: still one message
    assert len(_refreshes(app)) == 1
    assert _names(app)["5"] == "Participant·e 5"
    assert course.run_worker() == 1
    assert [m.status for m in _refreshes(app)] == [SENT]
    names = _names(app)
    assert (names["3"], names["5"], names["6"]) == (
        "Mathilde Garnier",
        "Yanis Belkacem",
        "Léa Fontaine",
    )
    _staff_launch(course)  # fresh now: nothing more
    assert len(_refreshes(app)) == 1


def test_a_roster_older_than_the_setting_is_refreshed_again(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    course = _unnamed_course(app, ags, launcher)
    _staff_launch(course)
    course.run_worker()
    with app.app_context():
        old = utcnow() - timedelta(hours=7)
        db.session.execute(update(RosterEntry).values(synced_at=old))
        db.session.commit()
    _staff_launch(course)
    assert len(_refreshes(app)) == 2


def test_the_nightly_job_refreshes_every_course_with_a_roster(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    course = _unnamed_course(app, ags, launcher)
    with app.app_context():
        outbox.enqueue_daily(date(2026, 12, 8))
        outbox.enqueue_daily(date(2026, 12, 8))  # two workers: still once
    assert course.run_worker() >= 1  # the nightly job queues the course's refresh
    assert course.run_worker() == 1
    assert [m.status for m in _refreshes(app)] == [SENT]
    assert _names(app)["5"] == "Yanis Belkacem"


def test_an_lms_failure_is_retried_and_leaves_the_launch_alone(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    course = _unnamed_course(app, ags, launcher)
    ags.down = True
    _staff_launch(course)
    course.run_worker()
    (message,) = _refreshes(app)
    assert message.status != FAILED
    assert message.last_error
    ags.down = False
    course.time_passes()
    course.run_worker()
    assert _names(app)["5"] == "Yanis Belkacem"


@pytest.mark.parametrize("hours", ["0", "169", "six"])
def test_the_max_age_setting_is_checked(hours: str) -> None:
    with pytest.raises(SettingsError):
        load_settings(environ={"CARTABLE_ROSTER_MAX_AGE_HOURS": hours})


def test_the_roster_keeps_the_staff_role_an_activity_launch_gave(
    app: Flask, ags: AgsPlatform, launcher: Launcher
) -> None:
    """Moodle's roster says Learner for a non-editing teacher (a course-level
    capability), their launches of the activity say Instructor: not graded."""
    from lti_app.submissions.grading import list_rows
    from lti_app.submissions.models import Assignment

    ags.add_member("7", name="Paul Renard", given_name="Paul", family_name="Renard")
    course = _unnamed_course(app, ags, launcher)
    course.launcher.launch(
        sub="7", name="Paul Renard", given_name="Paul", family_name="Renard",
        **{AGS_ENDPOINT: ags.ags_claim(), NRPS: ags.nrps_claim(),
           LTI + "roles": INSTRUCTOR_ROLES},
    )  # fmt: skip
    assert course.run_worker() == 1
    with app.app_context():
        assert course.membership("7").lti_role == "instructor"
        row = Assignment(course_id=course.course_id, title="D", slug="d", points=20)
        db.session.add(row)
        db.session.commit()
        graded = {r.user.sub for r in list_rows(row)}
    assert graded == {"4", "5", "6"}
