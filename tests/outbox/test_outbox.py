"""The outbox: queued with its cause, delivered once, retried, never lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.outbox import service as outbox
from lti_app.outbox.models import FAILED, PENDING, SENDING, SENT, OutboxMessage

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def app(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Flask:
    return make_app(backend=request.param, CARTABLE_OUTBOX_RETRY_SECONDS=0)


def _record(app: Flask, kind: str = "test") -> list[int]:
    delivered: list[int] = []
    outbox.register_handler(kind, lambda message: delivered.append(message.id), app)
    return delivered


def test_message_is_durable_only_with_its_cause(app: Flask) -> None:
    with app.app_context():
        outbox.enqueue("test", {"n": 1})
        db.session.rollback()
        assert db.session.scalars(select(OutboxMessage)).all() == []
        outbox.enqueue("test", {"n": 2})
        db.session.commit()
        assert [m.payload for m in db.session.scalars(select(OutboxMessage))] == [
            {"n": 2}
        ]


def test_same_dedupe_key_is_queued_once(app: Flask) -> None:
    with app.app_context():
        first = outbox.enqueue("test", {"n": 1}, dedupe_key="grade:1:2")
        db.session.commit()
        second = outbox.enqueue("test", {"n": 2}, dedupe_key="grade:1:2")
        db.session.commit()
        assert second.id == first.id
        assert second.payload == {"n": 1}
        assert db.session.query(OutboxMessage).count() == 1


def test_delivered_message_is_marked_sent_and_never_sent_again(app: Flask) -> None:
    delivered = _record(app)
    with app.app_context():
        message = outbox.enqueue("test", {})
        db.session.commit()
        assert outbox.process_due() == 1
        assert outbox.process_due() == 0
        stored = db.session.get(OutboxMessage, message.id)
        assert stored is not None
        assert (stored.status, stored.attempts, stored.last_error) == (SENT, 1, None)
        assert stored.sent_at is not None
    assert delivered == [message.id]


def test_transient_failure_is_retried_with_backoff(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(CARTABLE_OUTBOX_RETRY_SECONDS=60)
    calls: list[int] = []

    def flaky(message: OutboxMessage) -> None:
        calls.append(message.attempts)
        if len(calls) < 3:
            raise outbox.RetryLater("LMS answered 503")

    outbox.register_handler("test", flaky, app)
    with app.app_context():
        message = outbox.enqueue("test", {})
        db.session.commit()
        outbox.process_due()
        stored = db.session.get(OutboxMessage, message.id)
        assert stored is not None
        assert (stored.status, stored.last_error) == (PENDING, "LMS answered 503")
        wait = stored.next_attempt_at - utcnow()
        assert timedelta(seconds=55) < wait <= timedelta(seconds=60)
        assert outbox.process_due() == 0  # not due yet
        for delay in (120, 240):
            stored.next_attempt_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
            outbox.process_due()
            if stored.status == PENDING:
                wait = stored.next_attempt_at - utcnow()
                assert timedelta(seconds=delay - 5) < wait <= timedelta(seconds=delay)
        assert stored.status == SENT
    assert calls == [1, 2, 3]


def test_refusal_fails_the_message_until_resent(app: Flask) -> None:
    answers = [outbox.Refused("400: user is not a student"), None]

    def refuse_once(message: OutboxMessage) -> None:
        answer = answers.pop(0)
        if answer:
            raise answer

    outbox.register_handler("test", refuse_once, app)
    with app.app_context():
        message = outbox.enqueue("test", {}, course_id=None)
        db.session.commit()
        outbox.process_due()
        assert message.status == FAILED
        assert message.last_error == "400: user is not a student"
        assert outbox.process_due() == 0
        outbox.resend(message.id)
        outbox.process_due()
        assert message.status == SENT


def test_resend_is_scoped_to_the_course(app: Flask) -> None:
    with app.app_context():
        message = outbox.enqueue("unknown-kind", {})
        db.session.commit()
        outbox.process_due()
        assert message.status == FAILED
        assert outbox.resend(message.id, course_id=999) is None
        assert message.status == FAILED


def test_attempts_are_bounded(make_app: Callable[..., Flask]) -> None:
    app = make_app(CARTABLE_OUTBOX_RETRY_SECONDS=0, CARTABLE_OUTBOX_MAX_ATTEMPTS=3)

    def down(message: OutboxMessage) -> None:
        raise outbox.RetryLater("connection refused")

    outbox.register_handler("test", down, app)
    with app.app_context():
        message = outbox.enqueue("test", {})
        db.session.commit()
        for _ in range(5):
            outbox.process_due()
        assert (message.status, message.attempts) == (FAILED, 3)


def test_a_crashing_handler_does_not_stop_the_queue(app: Flask) -> None:
    delivered = _record(app, "good")

    def crash(message: OutboxMessage) -> None:
        db.session.add(OutboxMessage(kind="half-written", payload={}, token="x"))
        raise KeyError("bug")

    outbox.register_handler("bad", crash, app)
    with app.app_context():
        bad = outbox.enqueue("bad", {})
        good = outbox.enqueue("good", {})
        db.session.commit()
        outbox.process_due()
        assert (bad.status, bad.last_error) == (PENDING, "KeyError")
        kinds = {m.kind for m in db.session.scalars(select(OutboxMessage))}
        assert kinds == {"bad", "good"}  # the crash's own writes were rolled back
    assert delivered == [good.id]


def test_message_of_a_crashed_worker_is_taken_again_after_its_lease(
    app: Flask,
) -> None:
    delivered = _record(app)
    with app.app_context():
        message = outbox.enqueue("test", {})
        db.session.commit()
        # A worker claimed it, then died before recording anything.
        message.status, message.lease_until = SENDING, utcnow() + timedelta(minutes=5)
        db.session.commit()
        assert outbox.process_due() == 0
        message.lease_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert outbox.process_due() == 1
        assert message.status == SENT
    assert delivered == [message.id]


def test_message_id_is_stable_across_retries(app: Flask) -> None:
    seen: list[str] = []

    def record(message: OutboxMessage) -> None:
        seen.append(message.message_id)
        if len(seen) == 1:
            raise outbox.RetryLater("busy")

    outbox.register_handler("test", record, app)
    with app.app_context():
        outbox.enqueue("test", {})
        db.session.commit()
        outbox.process_due()
        outbox.process_due()
    assert len(seen) == 2
    assert seen[0] == seen[1]
    assert seen[0].startswith("<")
    assert seen[0].endswith(">")


def test_concurrent_workers_deliver_each_message_once(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(backend="postgresql")
    delivered: list[int] = []
    lock = threading.Lock()

    def record(message: OutboxMessage) -> None:
        with lock:
            delivered.append(message.id)

    outbox.register_handler("test", record, app)
    with app.app_context():
        ids = [outbox.enqueue("test", {"n": n}).id for n in range(40)]
        db.session.commit()

    def work() -> None:
        with app.app_context():
            outbox.process_due()
            db.session.remove()

    workers = [threading.Thread(target=work) for _ in range(4)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert sorted(delivered) == sorted(ids)
