"""At most N uploads in flight per person, counted in the shared store.

Uploads are held in flight for real: their bodies stop after the first bytes
until the test lets them go, while other requests run on other threads. On
SQLite (the database store) and on PostgreSQL with Redis (the Redis store).
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from werkzeug.exceptions import ClientDisconnected
from werkzeug.test import TestResponse

from lti_app.course.models import User
from lti_app.extensions import db
from lti_app.lti.store import get_store
from tests.submissions import files
from tests.submissions.conftest import Browser, MakeAssignment, upload, upload_request

pytestmark = pytest.mark.backends
WAIT = 30.0  # seconds a condition may take on a loaded machine before failing


@pytest.fixture(params=["sqlite", "postgresql+redis"])
def app(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Flask:
    return make_app(request.param)


class HeldBody(io.RawIOBase):
    """A request body that sends its first bytes, then waits to be let go.

    ``reading`` is set once the server asks for more than the first bytes: the
    upload has begun, past every check made before the body. ``disconnect``
    makes the rest fail as a client that went away would.
    """

    def __init__(self, body: bytes, disconnect: bool = False) -> None:
        super().__init__()
        self.body, self.position, self.disconnect = body, 0, disconnect
        self.reading, self.go = threading.Event(), threading.Event()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True  # the test client measures the body by seeking to its end

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = len(self.body) + offset if whence == 2 else offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: Any) -> int:
        if self.position:
            self.reading.set()
            assert self.go.wait(WAIT), "the test never let the upload go"
            if self.disconnect:
                raise ClientDisconnected()
        size = min(len(buffer), len(self.body) - self.position, 1024)
        buffer[:size] = self.body[self.position : self.position + size]
        self.position += size
        return size


def _held(browser: Browser, aid: int, pool: ThreadPoolExecutor, *,
          disconnect: bool = False) -> tuple[HeldBody, Future[TestResponse]]:  # fmt: skip
    request = upload_request(browser, aid, ("diapo.pdf", files.pdf(3)))
    body = HeldBody(request.pop("data"), disconnect)
    path = request.pop("path")
    future = pool.submit(browser.client.post, path, input_stream=body, **request)
    while not body.reading.wait(0.05):
        assert not future.done(), future.result().text[:2000]
    return body, future


@contextmanager
def _pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(4) as pool:
        yield pool


def _slots(app: Flask, sub: str = "4") -> list[str | None]:
    with app.app_context():
        user_id = db.session.query(User.id).filter_by(sub=sub).scalar()
        store = get_store()
        return [store.get(f"uploads-in-flight:{user_id}:{n}") for n in range(2)]


def _assignment(make_assignment: MakeAssignment) -> int:
    return make_assignment(accepted_kinds=["pdf"], attempts_allowed=0)


def test_a_third_upload_in_flight_gets_a_429(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = _assignment(make_assignment)
    with _pool() as pool:
        first, first_done = _held(student, aid, pool)
        second, second_done = _held(student, aid, pool)
        third = upload(student, aid, ("diapo.pdf", files.pdf()))
        assert third.status_code == 429, third.text[:2000]
        assert "Vous avez déjà 2 envois en cours" in third.text
        scripted = upload(student, aid, ("diapo.pdf", files.pdf()), script=True)
        assert scripted.status_code == 429
        assert scripted.json["error"] == "uploads-in-flight"
        first.go.set()
        second.go.set()
        assert first_done.result(WAIT).status_code == 303
        assert second_done.result(WAIT).status_code == 303
    assert _slots(app) == [None, None]
    assert upload(student, aid, ("diapo.pdf", files.pdf())).status_code == 303


def test_another_person_is_not_held_back(
    student: Browser, person: Callable[..., Browser], make_assignment: MakeAssignment
) -> None:
    from tests.support.platform import LEARNER_ROLES

    aid = _assignment(make_assignment)
    other = person("5", LEARNER_ROLES)
    with _pool() as pool:
        held = [_held(student, aid, pool) for _ in range(2)]
        assert upload(other, aid, ("diapo.pdf", files.pdf())).status_code == 303
        for body, _done in held:
            body.go.set()
        assert [done.result(WAIT).status_code for _b, done in held] == [303, 303]


def test_the_slot_is_given_back_when_the_client_goes_away(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = _assignment(make_assignment)
    with _pool() as pool:
        body, done = _held(student, aid, pool, disconnect=True)
        assert sum(slot is not None for slot in _slots(app)) == 1
        body.go.set()
        assert done.result(WAIT).status_code == 400
    assert _slots(app) == [None, None]


def test_the_slot_is_given_back_when_the_upload_is_refused(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = _assignment(make_assignment)
    for _ in range(3):
        refused = upload(student, aid, ("virus.pdf", files.EXE))
        assert refused.status_code == 415
    assert _slots(app) == [None, None]
    assert upload(student, aid, ("diapo.pdf", files.pdf())).status_code == 303


def test_a_slot_left_by_a_dead_worker_expires(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = _assignment(make_assignment)
    upload(student, aid, ("diapo.pdf", files.pdf()))  # the person exists
    with app.app_context():
        user_id = db.session.query(User.id).filter_by(sub="4").scalar()
        for n in range(2):  # two workers killed mid-upload, 1 s before expiry
            assert get_store().add(f"uploads-in-flight:{user_id}:{n}", "dead", 1)
    assert upload(student, aid, ("diapo.pdf", files.pdf())).status_code == 429
    deadline = time.monotonic() + WAIT
    while (
        status := upload(student, aid, ("diapo.pdf", files.pdf())).status_code
    ) == 429:
        assert time.monotonic() < deadline, "the dead workers' slots never expired"
        time.sleep(0.2)  # polling a condition: the slots' expiry
    assert status == 303
