"""Health checks for load balancers: the database answers or it does not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/test"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "postgresql+redis"])
def test_healthz_ok(make_app: Callable[..., Flask], backend: str) -> None:
    response = make_app(backend).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "database": "ok",
        "seen": "http://localhost",
    }


def test_healthz_503_when_the_database_is_down(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(DATABASE_URL=CLOSED_PORT)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
    assert "127.0.0.1:1" not in response.text
    assert any("database unreachable" in r.getMessage() for r in caplog.records)


def test_healthz_recovers_after_a_failure(make_app: Callable[..., Flask]) -> None:
    app = make_app(DATABASE_URL=CLOSED_PORT)
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 503  # no stale transaction state


def test_ping(client: FlaskClient) -> None:
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.text == "pong"
