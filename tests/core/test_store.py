"""The shared store on every backend: semantics, expiry, and one winner per race."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask

from lti_app.lti.store import get_store
from tests.conftest import BACKENDS, register
from tests.support.launcher import Launcher, reason
from tests.support.platform import Platform, running_platform

RACERS = 16
pytestmark = pytest.mark.backends


@pytest.fixture(params=BACKENDS)
def backend_app(
    request: pytest.FixtureRequest, make_app: Callable[..., Flask]
) -> Flask:
    return make_app(request.param)


def _race(app: Flask, attempt: Callable[[], Any]) -> list[Any]:
    """Run ``attempt`` in RACERS threads released at the same instant."""
    barrier = threading.Barrier(RACERS)

    def run() -> Any:
        with app.app_context():
            barrier.wait()
            return attempt()

    with ThreadPoolExecutor(RACERS) as pool:
        return list(pool.map(lambda _: run(), range(RACERS)))


def test_put_get_pop_delete(backend_app: Flask) -> None:
    with backend_app.app_context():
        store = get_store()
        assert store.get("k") is None
        store.put("k", "v1", 60)
        store.put("k", "v2", 60)  # put replaces
        assert store.get("k") == "v2"
        assert store.get("k") == "v2"  # get does not consume
        assert store.pop("k") == "v2"
        assert store.pop("k") is None
        assert store.get("k") is None
        store.put("k", "v3", 60)
        store.delete("k")
        assert store.get("k") is None
        store.delete("never-there")  # no error


def test_add_reserves_a_key_once(backend_app: Flask) -> None:
    with backend_app.app_context():
        store = get_store()
        assert store.add("lock", "first", 60) is True
        assert store.add("lock", "second", 60) is False
        assert store.get("lock") == "first"
        store.delete("lock")
        assert store.add("lock", "third", 60) is True


def test_values_expire(backend_app: Flask) -> None:
    with backend_app.app_context():
        store = get_store()
        store.put("short", "v", 1)
        store.put("long", "v", 60)
        assert store.add("reserved", "v", 1) is True
        time.sleep(1.2)
        assert store.get("short") is None
        assert store.pop("short") is None
        assert store.get("long") == "v"
        assert store.add("reserved", "again", 60) is True  # an expired key is free


def test_keys_are_not_shared_between_apps(make_app: Callable[..., Flask]) -> None:
    """Two Redis prefixes, two stores: test apps and tenants do not collide."""
    first, second = make_app("postgresql+redis"), make_app("postgresql+redis")
    with first.app_context():
        get_store().put("k", "first", 60)
    with second.app_context():
        assert get_store().get("k") is None


def test_one_nonce_claimed_by_many_threads_is_won_once(backend_app: Flask) -> None:
    with backend_app.app_context():
        get_store().put("nonce:contested", "1", 60)
    results = _race(backend_app, lambda: get_store().pop("nonce:contested"))
    assert results.count("1") == 1
    assert results.count(None) == RACERS - 1


def test_one_key_reserved_by_many_threads_is_won_once(backend_app: Flask) -> None:
    results = _race(backend_app, lambda: get_store().add("refetch:contested", "1", 60))
    assert results.count(True) == 1


def test_complete_launch_on_each_backend(
    backend_app: Flask, platform: Platform
) -> None:
    register(backend_app, platform)
    launcher = Launcher(backend_app.test_client(), platform)
    token = launcher.launch_token()
    page = backend_app.test_client().get(f"/course/?ltik={token}")
    assert page.status_code == 200
    assert "Coordination et partenariats" in page.text


def test_one_id_token_posted_by_many_browsers_is_accepted_once(
    backend_app: Flask, platform: Platform
) -> None:
    """Same token, same state, cookie in every browser: the state is claimed once."""
    register(backend_app, platform)
    login = Launcher(backend_app.test_client(), platform).login()
    token = platform.sign(platform.claims(login.nonce))
    form = {"id_token": token, "state": login.state}

    def post() -> tuple[int, str]:
        client = backend_app.test_client()
        client.set_cookie(f"lti_state_{login.state}", login.state)
        response = client.post("/lti/launch", data=form)
        return response.status_code, "" if response.status_code == 303 else reason(
            response
        )

    results = _race(backend_app, post)
    assert results.count((303, "")) == 1
    assert results.count((400, "state-unknown")) == RACERS - 1


def test_one_nonce_behind_many_states_is_accepted_once(
    backend_app: Flask, platform: Platform
) -> None:
    """Sixteen valid states all naming one nonce: the nonce is consumed once."""
    register(backend_app, platform)
    login = Launcher(backend_app.test_client(), platform).login()
    token = platform.sign(platform.claims(login.nonce))
    with backend_app.app_context():
        record = json.loads(get_store().get(f"state:{login.state}") or "{}")
        states = [secrets.token_urlsafe(32) for _ in range(RACERS)]
        for state in states:
            get_store().put(f"state:{state}", json.dumps(record), 60)
    queue = iter(states)
    lock = threading.Lock()

    def post() -> tuple[int, str]:
        with lock:
            state = next(queue)
        client = backend_app.test_client()
        client.set_cookie(f"lti_state_{state}", state)
        response = client.post("/lti/launch", data={"id_token": token, "state": state})
        return response.status_code, "" if response.status_code == 303 else reason(
            response
        )

    results = _race(backend_app, post)
    assert results.count((303, "")) == 1
    refusals = {code for status, code in results if status != 303}
    assert refusals <= {"nonce-replayed", "nonce-unknown"}


def test_platform_keys_are_cached_in_the_shared_store(
    make_app: Callable[..., Flask],
) -> None:
    """Two app instances (two workers) on one store fetch the JWKS once between them."""
    with running_platform("https://moodle.example.test", "WUiumDzTU0rgVYE", "1") as p:
        first = make_app("postgresql+redis")
        second = make_app(
            "postgresql+redis",
            CARTABLE_REDIS_PREFIX=first.config["CARTABLE_REDIS_PREFIX"],
        )
        register(first, p)
        assert Launcher(first.test_client(), p).launch().status_code == 303
        assert Launcher(second.test_client(), p).launch().status_code == 303
        assert p.jwks.requests == 1


def test_concurrent_puts_of_one_key_never_fail(backend_app: Flask) -> None:
    """A cold JWKS cache: every worker downloads and stores the same key at once."""
    values = iter(range(RACERS))
    lock = threading.Lock()

    def put() -> None:
        with lock:
            value = str(next(values))
        get_store().put("jwks:contested", value, 60)

    _race(backend_app, put)
    with backend_app.app_context():
        assert get_store().get("jwks:contested") in {str(i) for i in range(RACERS)}
