"""The per-request token and the worker's recent launches: cheap, never stale."""

from __future__ import annotations

import re
import time

from flask import Flask
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from lti_app.lti.context import LaunchContext
from lti_app.lti.recent_launches import RecentLaunches
from tests.conftest import TEST_SECRET
from tests.support.launcher import Launcher


def _serializer(
    signer: type[TimestampSigner] = TimestampSigner,
) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(TEST_SECRET, salt="cartable-launch", signer=signer)


class _TwoMinutesAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 120


def _tokens_in(page: str) -> set[str]:
    return set(re.findall(r"ltik=([\w.\-]+)", page))


def test_a_fresh_token_is_handed_back(launcher: Launcher, app: Flask) -> None:
    token = launcher.launch_token()
    page = app.test_client(use_cookies=False).get(f"/modules/?ltik={token}")
    assert page.status_code == 200
    assert _tokens_in(page.text) == {token}


def test_an_older_token_is_renewed(launcher: Launcher, app: Flask) -> None:
    launch_id = _serializer().loads(launcher.launch_token())
    older = str(_serializer(_TwoMinutesAgo).dumps(launch_id))
    page = app.test_client(use_cookies=False).get(f"/modules/?ltik={older}")
    (renewed,) = _tokens_in(page.text)
    assert renewed != older
    assert _serializer().loads(renewed, max_age=60) == launch_id


def _context(launch_id: str) -> LaunchContext:
    return LaunchContext(
        launch_id=launch_id, platform_id=1, issuer="https://lms", client_id="c",
        deployment_id="1", course_id=1, context_id="2", course_title="Cours",
        user_id=1, membership_id=1, sub="4", user_name="Sam", role="student",
        role_recognised=True, locale="fr", message_type="LtiResourceLinkRequest",
    )  # fmt: skip


def test_recent_launches_end_at_their_expiry() -> None:
    now = [999.0]
    launches = RecentLaunches(clock=lambda: now[0])
    launches.put(_context("a"), expires_at=1000.0)
    assert launches.get("a") == _context("a")
    now[0] = 1000.0
    assert launches.get("a") is None
    assert launches.get("b") is None


def test_recent_launches_are_bounded() -> None:
    launches = RecentLaunches(size=2)
    for name in "abc":
        launches.put(_context(name), expires_at=time.time() + 60)
    assert launches.get("a") is None
    assert launches.get("c") == _context("c")


def test_a_stored_launch_carries_its_expiry() -> None:
    context = _context("a")
    assert LaunchContext.from_stored(context.to_json(1234.5)) == (context, 1234.5)
    assert LaunchContext.from_json(context.to_json()) == context
