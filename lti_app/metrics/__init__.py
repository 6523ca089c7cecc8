"""Request ids and request metrics: one hook before, one after, kept cheap.

Another issue measures per-request CPU against a bare Flask app, so the hooks
do the least: a ``perf_counter``, an id, two labelled updates and a header.
"""

from __future__ import annotations

from time import perf_counter

from flask import Flask, g, request
from werkzeug.wrappers import Response

from lti_app.logs import request_id_from
from lti_app.metrics.counters import LATENCY, REQUESTS

HEADER = "X-Request-Id"


def _start() -> None:
    g.request_id = request_id_from(request.environ.get("HTTP_X_REQUEST_ID"))
    g.started = perf_counter()


def _finish(response: Response) -> Response:
    if "started" not in g:  # the request failed before the hooks ran
        _start()
    endpoint = request.endpoint or "none"  # unmatched URLs share one label
    LATENCY.labels(endpoint).observe(perf_counter() - g.started)
    REQUESTS.labels(endpoint, str(response.status_code)).inc()
    response.headers[HEADER] = g.request_id
    return response


def init_app(app: Flask) -> None:
    """Run first before every request (its log lines need the id) and after it."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)  # runs last
