"""/metrics under gunicorn: every worker's requests summed (prometheus multiprocess)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.support.metrics import sample
from tests.support.servers import environment, flask_cli, free_port, gunicorn_server

WAIT = 60.0  # seconds for both workers to have answered, on a loaded machine


def _pids_with_counters(folder: Path) -> set[str]:
    return {p.stem.rsplit("_", 1)[-1] for p in folder.glob("counter_*.db")}


def _ping_until_both_workers_answered(base: str, folder: Path) -> int:
    """Concurrent pings (new connections) until two workers have counted some."""
    sent, deadline = 0, time.monotonic() + WAIT

    def ping(_: int) -> int:
        return requests.get(base + "/ping", timeout=30).status_code

    with ThreadPoolExecutor(8) as pool:
        while len(_pids_with_counters(folder)) < 2:
            assert time.monotonic() < deadline, "one worker answered everything"
            assert list(pool.map(ping, range(16))) == [200] * 16
            sent += 16
    return sent


def test_both_workers_requests_are_summed(tmp_path: Path) -> None:
    port = free_port()
    env = environment(tmp_path / "data", (port,))
    stale = tmp_path / "data" / "prometheus"
    stale.mkdir()
    (stale / "counter_999999.db").write_bytes(b"left by a previous run")
    flask_cli(env, "db", "upgrade")
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(
        env, port, log, workers=2, threads=4, production_config=True
    ) as base:
        assert not (stale / "counter_999999.db").exists()  # emptied at start
        sent = _ping_until_both_workers_answered(base, stale)
        assert len(_pids_with_counters(stale)) == 2
        text = requests.get(base + "/metrics", timeout=30).text
        refused = requests.get(
            base + "/lti/login/continue?state=s3cr3t",
            headers={"X-Request-Id": "nginx-42", "Accept": "application/json"},
            timeout=30,
        )
        assert refused.headers["X-Request-Id"] == "nginx-42"
    ping = {"endpoint": "health.ping", "status": "200"}
    assert sample(text, "cartable_requests_total", **ping) == sent
    assert (
        sample(text, "cartable_request_seconds_count", endpoint="health.ping") == sent
    )
    assert "X-Request-Id" not in text
    access = [line for line in log.read_text().splitlines() if "/ping" in line]
    assert len(access) == sent  # the access log's last field: the request id
    assert all(len(line.rsplit(" ", 1)[-1]) == 32 for line in access)
    lines = log.read_text().splitlines()
    assert any(line.endswith(" nginx-42") for line in lines)  # gunicorn's access line
    (app_line,) = [line for line in lines if "lti refused" in line]
    assert "[nginx-42]" in app_line  # the app's own line, same id
    assert "s3cr3t" not in log.read_text()
