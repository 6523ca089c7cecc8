"""``/metrics`` in Prometheus' text format, for the networks the operator lists."""

from __future__ import annotations

import ipaddress
import os

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

from lti_app.metrics.outbox import OutboxCollector

bp = Blueprint("metrics", __name__)


def _allowed(address: str | None) -> bool:
    """Whether the peer (after ProxyFix) is in CARTABLE_METRICS_ALLOWED_NETWORKS."""
    try:
        peer = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    networks = current_app.config["CARTABLE_METRICS_ALLOWED_NETWORKS"]
    return any(peer in ipaddress.ip_network(n, strict=False) for n in networks)


def _exposition() -> bytes:
    """This process's metrics, or every worker's under gunicorn, and the outbox."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        workers = CollectorRegistry()
        multiprocess.MultiProcessCollector(workers)  # type: ignore[no-untyped-call]
        text = generate_latest(workers)
    else:
        text = generate_latest(REGISTRY)
    outbox = CollectorRegistry(auto_describe=False)
    outbox.register(OutboxCollector(current_app.extensions.get("outbox_handlers", {})))
    return text + generate_latest(outbox)


@bp.get("/metrics")
def metrics() -> Response:
    """404 to anyone not listed: the page's existence is not advertised."""
    if not _allowed(request.remote_addr):
        abort(404)
    return Response(_exposition(), content_type=CONTENT_TYPE_LATEST)
