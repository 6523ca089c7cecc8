"""The worker leaves a heartbeat in the shared store for check-deploy to read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from lti_app.lti.clock import utcnow
from lti_app.outbox import heartbeat


@pytest.mark.parametrize("backend", ["sqlite", "postgresql+redis"])
def test_a_worker_round_is_a_heartbeat(
    make_app: Callable[..., Flask], backend: str
) -> None:
    app = make_app(backend)
    with app.app_context():
        assert heartbeat.last_beat() is None
        started = utcnow()
        result = app.test_cli_runner().invoke(args=["worker", "--once"])
        assert result.exit_code == 0, result.output
        last = heartbeat.last_beat()
        assert last is not None
        assert started <= last <= utcnow()


def test_a_store_outage_does_not_stop_deliveries(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    """Redis unreachable: the heartbeat is skipped with a warning, the round runs."""
    app = make_app("sqlite", REDIS_URL="redis://127.0.0.1:1/0")
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "0 message(s) processed" in result.output
    assert "worker heartbeat not written (ConnectionError)" in caplog.text
