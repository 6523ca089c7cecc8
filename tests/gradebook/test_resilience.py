"""Grades survive outages, crashes and concurrent workers, and are sent once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from lti_app.extensions import db
from lti_app.gradebook import sender
from lti_app.gradebook.models import GradeLineItem
from lti_app.lti.clock import utcnow
from lti_app.lti.store import get_store
from lti_app.outbox.models import OutboxMessage
from tests.gradebook.conftest import Course, accepted_scores


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


def test_a_second_worker_waits_while_the_column_is_being_resolved(
    course: Course,
) -> None:
    course.ags.items.clear()
    course.launch("4")  # no lineitem claim: the column must be found or created
    course.publish("4", 12)
    with course.app.app_context():
        item = db.session.query(GradeLineItem).one()
        get_store().add(f"gradebook:line-item:{item.id}", "1", 60)
    course.run_worker()
    assert course.states()["4"].state == "waiting"
    assert course.ags.items == {}  # nothing created while another worker resolves
    with course.app.app_context():
        get_store().delete(f"gradebook:line-item:{item.id}")
    course.time_passes()
    course.run_worker()
    assert course.states()["4"].state == "sent"
    assert len(course.ags.items) == 1


def test_a_column_deleted_in_the_lms_is_found_or_created_again(course: Course) -> None:
    course.ags.items.clear()
    course.launch("4")
    course.publish("4", 12)
    course.run_worker()
    (first,) = course.ags.items
    del course.ags.items[first]  # a teacher deleted the column in Moodle
    course.publish("4", 14)
    course.run_worker()
    assert course.states()["4"].state == "waiting"
    course.time_passes()
    course.run_worker()
    assert course.states()["4"].state == "sent"
    (second,) = course.ags.items.values()
    assert second.grades["4"]["score"] == pytest.approx(14)
