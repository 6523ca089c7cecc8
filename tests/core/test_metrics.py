"""/metrics: who may read it, and the counters and gauges moving as things happen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from lti_app.extensions import db
from lti_app.mail import KIND as MAIL
from lti_app.outbox import service as outbox
from lti_app.outbox.models import FAILED, OutboxMessage
from tests.support.launcher import Launcher, reason
from tests.support.metrics import LOOPBACK, sample, scrape


def test_metrics_are_refused_off_the_listed_networks(client: FlaskClient) -> None:
    refused = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert refused.status_code == 404
    assert "cartable_requests" not in refused.text
    assert "cartable_requests_total" in scrape(client)


def test_the_listed_networks_are_the_operators(make_app: Callable[..., Flask]) -> None:
    app = make_app(CARTABLE_METRICS_ALLOWED_NETWORKS=["203.0.113.0/24"])
    client = app.test_client()
    assert client.get("/metrics", environ_base=LOOPBACK).status_code == 404
    inside = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert inside.status_code == 200


def test_the_peer_is_read_after_the_proxy(make_app: Callable[..., Flask]) -> None:
    """Behind one proxy on loopback, the client's address decides, not the proxy's."""
    app = make_app(CARTABLE_PROXY_HOPS=1)
    forwarded = {"X-Forwarded-For": "198.51.100.7"}
    response = app.test_client().get(
        "/metrics", headers=forwarded, environ_base=LOOPBACK
    )
    assert response.status_code == 404


def test_requests_are_counted_by_endpoint_and_status(client: FlaskClient) -> None:
    before = scrape(client)
    for _ in range(3):
        assert client.get("/ping").status_code == 200
    client.get("/no/such/page/42")
    after = scrape(client)
    ping = {"endpoint": "health.ping", "status": "200"}
    assert sample(after, "cartable_requests_total", **ping) == (
        sample(before, "cartable_requests_total", **ping) + 3
    )
    lost = {"endpoint": "none", "status": "404"}
    assert sample(after, "cartable_requests_total", **lost) > sample(
        before, "cartable_requests_total", **lost
    )
    assert "/no/such/page" not in after  # URLs are never labels
    count = "cartable_request_seconds_count"
    assert sample(after, count, endpoint="health.ping") == (
        sample(before, count, endpoint="health.ping") + 3
    )


def test_launches_accepted_and_refused_by_reason(
    client: FlaskClient, launcher: Launcher
) -> None:
    before = scrape(client)
    launcher.launch_token()
    login = launcher.login()
    refused = launcher.post("not-a-jwt", login.state)
    assert reason(refused) == "malformed-jwt"
    after = scrape(client)
    assert sample(after, "cartable_launches_total") == (
        sample(before, "cartable_launches_total") + 1
    )
    name, why = "cartable_lti_refused_total", {"reason": "malformed-jwt"}
    assert sample(after, name, **why) == sample(before, name, **why) + 1


@pytest.mark.backends
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_outbox_depth_age_and_failures_by_kind(
    make_app: Callable[..., Flask], backend: str
) -> None:
    app = make_app(backend)
    client = app.test_client()
    idle = scrape(client)
    assert sample(idle, "cartable_outbox_depth", kind=MAIL) == 0
    assert sample(idle, "cartable_outbox_failed", kind="ags.score") == 0
    with app.app_context():
        outbox.enqueue(MAIL, {"to": "a@example.test"})
        outbox.enqueue(MAIL, {"to": "b@example.test"})
        dead = outbox.enqueue("ags.score", {"score": 1})
        dead.status = FAILED
        db.session.commit()
        first = db.session.query(OutboxMessage).filter_by(kind=MAIL).first()
        first.created_at = first.created_at.replace(year=first.created_at.year - 1)
        db.session.commit()
    text = scrape(client)
    assert sample(text, "cartable_outbox_depth", kind=MAIL) == 2
    assert sample(text, "cartable_outbox_oldest_age_seconds", kind=MAIL) > 364 * 86400
    assert sample(text, "cartable_outbox_depth", kind="ags.score") == 0
    assert sample(text, "cartable_outbox_failed", kind="ags.score") == 1
