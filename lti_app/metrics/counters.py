"""The application's metrics, created once per process (a leaf: imports no lti_app).

Under gunicorn, ``PROMETHEUS_MULTIPROC_DIR`` (set by config/gunicorn.conf.py
before any worker imports this) makes each value a file that /metrics sums
across workers. Labels stay bounded: endpoint names, status codes, reason codes.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "cartable_requests", "HTTP requests answered, by endpoint and status.",
    ["endpoint", "status"],
)  # fmt: skip
LATENCY = Histogram(
    "cartable_request_seconds", "Time to answer a request, by endpoint.",
    ["endpoint"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)  # fmt: skip
LAUNCHES = Counter("cartable_launches", "LTI launches accepted.")
LTI_REFUSED = Counter(
    "cartable_lti_refused",
    "LTI requests (login, launch, session) refused, by reason code.",
    ["reason"],
)
UPLOADS = Counter("cartable_uploads", "Submission uploads accepted.")
UPLOAD_BYTES = Counter("cartable_upload_bytes", "Bytes of accepted submission files.")
UPLOADS_REFUSED = Counter(
    "cartable_uploads_refused", "Submission uploads refused, by reason code.",
    ["reason"],
)  # fmt: skip
