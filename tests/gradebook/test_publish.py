"""Grades to the LMS: publish, the worker sends, the platform double holds them."""

from __future__ import annotations

import json
import time

import pytest

from lti_app.extensions import db
from lti_app.gradebook import service
from lti_app.gradebook.models import GradeSync
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


def test_a_publish_rolled_back_with_its_caller_leaves_nothing(course: Course) -> None:
    with course.app.app_context():
        service.publish_grade(
            course_id=course.course_id,
            membership_id=course.membership("4").id,
            item=SPEC,
            score_given=12,
            score_maximum=20,
            comment="",
        )
        db.session.rollback()  # the submissions feature's transaction failed
        assert db.session.query(GradeSync).count() == 0
        assert db.session.query(OutboxMessage).count() == 0
    assert course.run_worker() == 0


def test_a_review_launchs_lineitem_names_our_resource(course: Course) -> None:
    with course.app.app_context():
        assert (
            service.find_resource_id(course.course_id, course.ags.lineitem_url(2))
            is None
        )
    course.publish("4", 15)
    course.run_worker()
    with course.app.app_context():
        found = service.find_resource_id(course.course_id, course.ags.lineitem_url(2))
        assert found == "assignment-1"
        assert (
            service.find_resource_id(course.course_id + 1, course.ags.lineitem_url(2))
            is None
        )
