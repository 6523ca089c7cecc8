"""Gunicorn settings for Cartable in production.

Run from the checkout root::

    gunicorn -c config/gunicorn.conf.py "lti_app:create_app()"

Gunicorn reads the server settings below; the application reads its own
(``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL``, ``CARTABLE_*``) from the
environment in ``create_app``, so both come from the same unit file or
container definition. Each knob here is an environment variable (default
after the semicolon):

- ``CARTABLE_BIND``: ``host:port`` or ``unix:/path``; ``127.0.0.1:8000``
- ``CARTABLE_WORKERS``: worker processes; 2 x cores + 1, at most 8
- ``CARTABLE_THREADS``: threads per worker; 4
- ``CARTABLE_TIMEOUT``: seconds before a silent worker is replaced; 30
- ``CARTABLE_MAX_REQUESTS``: requests before a worker is recycled; 20000 (0: never)
- ``CARTABLE_ACCESS_LOG``: a file, ``-`` (stdout) or ``off``; ``-``
- ``CARTABLE_LOG_LEVEL``: Gunicorn's error log level; ``info``
- ``CARTABLE_CONTROL_SOCKET``: Gunicorn's control socket path; none (disabled)

``PROMETHEUS_MULTIPROC_DIR`` (set below to ``$CARTABLE_DATA_DIR/prometheus``
unless already set) is where every worker writes its metrics for /metrics to sum.

Note that ``settings.load_settings`` copies every ``CARTABLE_*`` variable into
``app.config``; these extra names are unused there and harmless.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

# --- Where to listen -------------------------------------------------------
# Loopback by default: the TLS reverse proxy (nginx, Apache, a load balancer)
# runs on the same host and is the only thing that should reach Gunicorn.
bind = [os.environ.get("CARTABLE_BIND", "127.0.0.1:8000")]


# --- Processes and threads -------------------------------------------------
def _cores() -> int:
    """CPUs this process may run on (honours taskset and cpusets)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# The classic 2 x cores + 1, capped: every worker is a full copy of the app
# (about 80-100 MB) with its own database pool, so a 32-core host must not
# start 65 of them against one PostgreSQL. An explicit CARTABLE_WORKERS wins.
workers = int(os.environ.get("CARTABLE_WORKERS", min(2 * _cores() + 1, 8)))

# gthread: a launch waits on I/O (the platform's JWKS over HTTP with a 5 s
# timeout on a cold cache, the database, Redis). Threads let a worker answer
# other requests meanwhile, and keep-alive from the proxy costs no process.
# The GIL caps CPU work at one core per worker, which is why workers scale
# with cores and threads stay few.
worker_class = "gthread"
threads = int(os.environ.get("CARTABLE_THREADS", "4"))

# A worker silent this long is killed and replaced. Above the longest
# legitimate request: HTTP calls to the LMS time out after
# CARTABLE_HTTP_TIMEOUT (5 s), a JWKS refetch may follow a miss, and uploads
# arrive whole from the proxy, which buffers them to disk first
# (deploy/nginx/cartable.conf).
timeout = int(os.environ.get("CARTABLE_TIMEOUT", "30"))
graceful_timeout = 30  # a restart lets requests in flight finish
keepalive = 5  # seconds; keep it below the proxy's upstream keep-alive timeout

# Recycle a worker after this many requests so that a slow leak in a
# dependency (pybtex, citeproc) cannot grow without bound; the jitter avoids
# recycling all of them at once. Not too often: a new worker spends about a
# second of CPU importing the app, and a launch is five requests. 0 disables.
max_requests = int(os.environ.get("CARTABLE_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10

# Heartbeat files in memory: a worker's heartbeat on a slow or full disk
# would otherwise look like a hung worker. /dev/shm exists on Linux and in
# Docker (64 MB by default, plenty).
if os.path.isdir("/dev/shm"):  # noqa: S108 - a known tmpfs, not a temp file
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# No preloading: each worker imports and builds the app after the fork, so the
# SQLAlchemy engine, its connection pool and the Redis client are created in
# the process that uses them (sockets and SQLite handles shared across a fork
# corrupt each other), create_app installs the token-redacting log filter in
# each worker, and a HUP reloads new code. The cost is memory and start-up
# time: copy-on-write sharing of the imported code is lost.
preload_app = False


# --- Metrics: one folder of files that every worker writes -------------------
# prometheus_client's multiprocess mode: each worker writes its counters and
# histograms to memory-mapped files here, and /metrics (in whichever worker
# answers) sums them all. The variable must be set before a worker imports
# prometheus_client, hence here, in the master, before the fork. The folder is
# per server (local data dir, not the shared store) and emptied when the
# master starts: files of a previous run would be summed as if alive.
_metrics_dir = Path(
    os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR",
        str(Path(os.environ.get("CARTABLE_DATA_DIR", "var")) / "prometheus"),
    )
)


def on_starting(server: Any) -> None:
    """Empty the metrics folder once, when the master starts (not on reload)."""
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    _metrics_dir.mkdir(parents=True)


def child_exit(server: Any, worker: Any) -> None:
    """A dead worker's gauges stop counting (its counters stay summed)."""
    from prometheus_client import multiprocess  # after the variable is set

    multiprocess.mark_process_dead(worker.pid)


# --- Proxy headers: left to ProxyFix ---------------------------------------
# Gunicorn, by default, believes X-Forwarded-Proto/-Ssl/-Protocol (and lets
# SCRIPT_NAME/PATH_INFO be forwarded) from 127.0.0.1, or from whatever the
# FORWARDED_ALLOW_IPS variable says. The app already applies werkzeug's
# ProxyFix with explicit hop counts (CARTABLE_PROXY_HOPS), which also handles
# X-Forwarded-For/-Host/-Port/-Prefix. Two layers reading the same headers
# with different trust rules is how a forged "X-Forwarded-Proto: https" ends
# up deciding Secure/SameSite=None cookies and the redirect_uri. So Gunicorn
# trusts no peer for these headers and passes them untouched to ProxyFix,
# the single place where proxy trust is configured.
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}
proxy_protocol = "off"


# --- Request limits ----------------------------------------------------------
# Gunicorn's defaults (4094-byte request line, 100 header fields of 8190 bytes)
# fit our URLs (a launch token is about 100 characters) and LTI cookies; the
# id_token arrives in a POST body, which these limits do not cover
# (MAX_CONTENT_LENGTH in the app does).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190


# --- Logging: no query strings, no secrets ---------------------------------
# The launch token ``ltik`` travels in links (browsers that refuse the iframe
# cookie), and the OIDC ``state``, ``nonce`` and ``login_hint`` travel in
# query strings too. The access log therefore records:
#   %(U)s  the path WITHOUT the query string, never %(r)s (request line with
#          query) nor %(q)s (the query string itself);
#   no %(f)s: the Referer is the previous page's full URL, ltik included;
#   no request headers (Cookie, Authorization: Bearer <ltik>) and no
#   environ atoms.
# %(h)s is the peer address: the proxy's, or the client's once ProxyFix has
# rewritten REMOTE_ADDR (CARTABLE_PROXY_HOPS > 0). %(M)s is the duration in ms.
# As a second line of defence, lti_app.logs.RedactTokens is attached to
# gunicorn.access and gunicorn.error in each worker by create_app.
# The last field is the request id the app answered with (X-Request-Id): the
# same as in the app's own log lines, and as nginx's $request_id.
access_log_format = (
    '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s" %({x-request-id}o)s'
)
_access_log = os.environ.get("CARTABLE_ACCESS_LOG", "-")
accesslog = None if _access_log.lower() in {"off", "none", ""} else _access_log
errorlog = "-"
loglevel = os.environ.get("CARTABLE_LOG_LEVEL", "info")
# The app logs through `logging`; stray print()s must not leak into the logs.
capture_output = False


# --- Control socket ----------------------------------------------------------
# Gunicorn >= 25.1 opens a control socket at ~/.gunicorn/gunicorn.ctl by
# default. Two instances under one user (staging and production, or a
# benchmark) would unlink each other's socket. Signals (HUP, TERM, TTIN/TTOU)
# from systemd are enough; set CARTABLE_CONTROL_SOCKET to enable it.
_control_socket = os.environ.get("CARTABLE_CONTROL_SOCKET")
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True

proc_name = "cartable"
