"""Grades to the LMS: publish, the worker sends, the platform double holds them."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import update

from lti_app.extensions import db
from lti_app.gradebook import sender, service
from lti_app.gradebook.models import GradeSync
from lti_app.lti.clock import utcnow
from lti_app.outbox.models import OutboxMessage
from tests.gradebook.conftest import SPEC, Course, accepted_scores


def test_the_launchs_lineitem_gets_the_grade_and_no_column_is_added(
    course: Course,
) -> None:
    course.publish("4", 15, "Analyse claire.")
    assert course.run_worker() == 1
    assert len(course.ags.items) == 1  # Moodle's own column, no duplicate
    assert not [c for c in course.ags.calls if c.path.endswith("/lineitems")]
    (call,) = course.ags.scores()
    assert call.path == "/mod/lti/services.php/2/lineitems/2/lineitem/scores"
    assert call.query == {"type_id": "1"}
    body = json.loads(call.body)
    assert body["userId"] == "4"
    assert (body["scoreGiven"], body["scoreMaximum"]) == (15, 20)
    assert body["comment"] == "Analyse claire."
    assert (body["activityProgress"], body["gradingProgress"]) == (
        "Completed",
        "FullyGraded",
    )
    assert course.ags.items[2].grades["4"]["score"] == pytest.approx(75)
    state = course.states()["4"]
    assert state.state == "sent"
    assert (state.lms_score, state.lms_maximum) == (75, 100)
    assert state.confirmed  # read back through the results service


def test_without_a_launch_lineitem_one_column_is_created_for_everyone(
    course: Course,
) -> None:
    course.ags.items.clear()
    course.ags.add_line_item("Another activity", 10, resource_link_id="9")
    for sub in ("4", "5", "6"):
        course.launch(sub)  # Moodle sent no lineitem this time
    for sub, score in (("4", 12), ("5", 14), ("6", 16)):
        course.publish(sub, score, item=SPEC)
    assert course.run_worker() == 3
    created = [
        c
        for c in course.ags.calls
        if c.method == "POST" and c.path.endswith("/lineitems")
    ]
    assert len(created) == 1
    new = course.ags.items[max(course.ags.items)]
    assert (new.resource_id, new.tag, new.resource_link_id) == (
        "assignment-1",
        "dropoff",
        "1",
    )
    assert new.submission_review is not None
    assert sorted(new.grades) == ["4", "5", "6"]


def test_the_same_grade_twice_is_sent_once(course: Course) -> None:
    first = course.publish("4", 15, "Bien.")
    assert course.publish("4", 15, "Bien.") == first
    course.run_worker()
    course.publish("4", 15, "Bien.")
    assert course.run_worker() == 0
    assert accepted_scores(course.ags) == ["4"]


def test_only_the_newest_grade_leaves_when_two_wait(course: Course) -> None:
    course.publish("4", 10)
    course.publish("4", 12)
    assert course.run_worker() == 2  # the older message finds itself superseded
    (call,) = course.ags.scores()
    assert json.loads(call.body)["scoreGiven"] == 12


def test_a_changed_grade_in_the_same_second_is_not_refused(course: Course) -> None:
    course.publish("4", 10)
    course.run_worker()
    course.publish("4", 18)
    course.run_worker()
    stamps = [json.loads(c.body)["timestamp"] for c in course.ags.scores()]
    assert [c.status for c in course.ags.scores()] == [200, 200]
    assert stamps[1] > stamps[0]
    assert course.ags.items[2].grades["4"]["score"] == pytest.approx(90)


def test_a_same_second_grade_in_the_lms_is_stepped_over(course: Course) -> None:
    course.ags.items[2].grades["4"] = {
        "score": 5.0,
        "timestamp": int(time.time()) + 2,  # the same second, give or take the load
        "comment": "",
    }
    course.publish("4", 16)
    course.run_worker()
    assert 409 in [c.status for c in course.ags.scores()]
    assert course.states()["4"].state == "sent"
    assert course.ags.items[2].grades["4"]["score"] == pytest.approx(80)


def test_outage_then_recovery_sends_each_grade_once(course: Course) -> None:
    course.ags.down = True
    for sub, score in (("4", 11), ("5", 13), ("6", 17)):
        course.publish(sub, score)
    assert course.run_worker() == 3
    states = course.states()
    assert {s.state for s in states.values()} == {"waiting"}
    assert {s.reason_code for s in states.values()} == {"lms-unreachable"}
    course.time_passes()
    course.run_worker()  # still down: retried, still waiting
    course.ags.down = False
    course.time_passes()
    assert course.run_worker() == 3
    course.time_passes()
    assert course.run_worker() == 0
    assert sorted(accepted_scores(course.ags)) == ["4", "5", "6"]
    assert {s.state for s in course.states().values()} == {"sent"}
    assert course.ags.items[2].grades["6"]["score"] == pytest.approx(85)


def test_a_crash_after_the_post_loses_nothing_and_resends_the_same(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sender.ags.post_score

    def post_then_die(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # the worker is killed before recording "sent"

    course.publish("4", 15)
    monkeypatch.setattr(sender.ags, "post_score", post_then_die)
    with pytest.raises(KeyboardInterrupt):
        course.run_worker()
    monkeypatch.setattr(sender.ags, "post_score", real)
    with course.app.app_context():
        db.session.rollback()
    _expire_leases(course)  # the dead worker's lease runs out
    assert course.run_worker() == 1
    statuses = [c.status for c in course.ags.scores()]
    assert statuses == [200, 200]  # sent again, newer: never a 409, never lost
    assert course.states()["4"].state == "sent"
    assert course.ags.items[2].grades["4"]["score"] == pytest.approx(75)


def _expire_leases(course: Course) -> None:
    with course.app.app_context():
        past = utcnow() - timedelta(seconds=1)
        db.session.execute(update(OutboxMessage).values(lease_until=past))
        db.session.commit()


def test_a_crash_after_recording_sent_sends_nothing_more(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    course.publish("4", 15)
    monkeypatch.setattr(sender, "_read_back", die)
    with pytest.raises(KeyboardInterrupt):
        course.run_worker()
    monkeypatch.undo()
    with course.app.app_context():
        db.session.rollback()
    _expire_leases(course)
    assert course.run_worker() == 1
    assert accepted_scores(course.ags) == ["4"]


def test_a_staff_member_is_never_published(course: Course) -> None:
    course.launch(
        "3",
        **{
            "https://purl.imsglobal.org/spec/lti/claim/roles": [
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
            ]
        },
    )
    with pytest.raises(service.GradebookError) as refused:
        course.publish("3", 10)
    assert refused.value.code == "not-a-student"


def test_a_400_for_someone_the_lms_does_not_grade_is_reported(course: Course) -> None:
    course.ags.members = [m for m in course.ags.members if m["user_id"] != "6"]
    course.ags.add_member("6", "Instructor")  # a learner here, staff in the LMS
    course.publish("6", 10)
    course.run_worker()
    state = course.states()["6"]
    assert state.state == "failed"
    assert state.reason_code == "not-gradable"
    assert "Incorrect score received" in (state.reason or "")
    assert "enseignant" in state.reason_label
    course.time_passes()
    assert course.run_worker() == 0  # refused for good until resent


def test_html_404_from_the_token_endpoint_then_resend(course: Course) -> None:
    course.ags.token_html_404 = True
    sync_id = course.publish("4", 15)
    course.run_worker()
    state = course.states()["4"]
    assert (state.state, state.reason_code) == ("failed", "token-refused")
    assert "HTTP 404" in (state.reason or "")
    assert "HTML page instead of JSON" in (state.reason or "")
    course.ags.token_html_404 = False
    with course.app.app_context():
        assert service.resend(course.course_id, sync_id) is not None
        assert service.resend(course.course_id + 1, sync_id) is None  # other course
    assert course.run_worker() == 1
    assert course.states()["4"].state == "sent"
    assert accepted_scores(course.ags) == ["4"]


def test_resend_of_a_sent_grade_sends_the_same_score(course: Course) -> None:
    sync_id = course.publish("4", 15, "Bien.")
    course.run_worker()
    with course.app.app_context():
        service.resend(course.course_id, sync_id)
    assert course.run_worker() == 1
    first, second = (json.loads(c.body) for c in course.ags.scores())
    assert {k: v for k, v in first.items() if k != "timestamp"} == {
        k: v for k, v in second.items() if k != "timestamp"
    }
    assert second["timestamp"] > first["timestamp"]
    with course.app.app_context():
        sync = db.session.get(GradeSync, sync_id)
        assert sync is not None
        assert sync.revision == 1


def test_states_are_scoped_to_the_column(course: Course) -> None:
    course.publish("4", 15)
    assert course.states("assignment-2") == {}
    assert set(course.states()) == {"4"}
