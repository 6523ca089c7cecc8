"""The outbox worker's heartbeat, read from the shared store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lti_app.deploy_check.result import Check, failed, passed
from lti_app.lti.clock import utcnow
from lti_app.outbox import heartbeat

START = (
    "start the worker: systemctl enable --now cartable-worker "
    "(deploy/systemd/cartable-worker.service), or flask --app lti_app worker"
)


def check_worker(config: Mapping[str, Any]) -> Check:
    """A worker went round its loop lately: e-mails and grades are leaving."""
    name = "worker"
    try:
        last = heartbeat.last_beat()
    except Exception as exc:  # the store's own failure: its line says more
        return failed(name, f"the shared store does not answer ({type(exc).__name__})",
                      "see the database and redis lines")  # fmt: skip
    if last is None:
        return failed(name, "no worker has ever run", START)
    age = (utcnow() - last).total_seconds()
    limit = int(config["CARTABLE_WORKER_STALE_SECONDS"])
    seen = f"last heartbeat {age:.0f} s ago"
    if age > limit:
        return failed(name, f"{seen} (more than {limit} s)", START)
    return passed(name, seen)
