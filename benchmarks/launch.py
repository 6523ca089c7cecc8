"""Complete LTI launches per second against trivial requests, through Gunicorn.

Run from the checkout root, after ``make`` installed the virtualenv::

    .venv/bin/python benchmarks/launch.py

It starts everything it needs on loopback: a temporary data directory with a
SQLite database, a Moodle-like platform in this process (its own RSA key and a
JWKS served over real HTTP), the app under Gunicorn with
``config/gunicorn.conf.py``; then it drives complete launches and ``GET /ping``
with the same light client, and stops by itself. Progress goes to stderr; the
last line of stdout is one JSON object::

    {"launches_per_s": ..., "trivial_per_s": ..., "ratio": ...}

``--profile FILE`` instead runs the app in one single-threaded process under
cProfile, drives sequential launches, and writes the statistics to FILE.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LTI = "https://purl.imsglobal.org/spec/lti/claim/"
CLIENT_ID = "WUiumDzTU0rgVYE"
DEPLOYMENT_ID = "1"
LEARNERS = 40  # distinct students cycling through the course, as in a real class


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- The platform side: a key, a JWKS over HTTP, Moodle 4.5's exact messages --


class Platform:
    """A Moodle-like platform whose issuer is its own loopback address."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self.jwks_requests = 0
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        body = json.dumps(
            {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}
        )
        self._server = ThreadingHTTPServer(
            ("127.0.0.1", 0), self._handler(body.encode())
        )
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _handler(self, body: bytes) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.jwks_requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def login_form(self, tool_url: str, learner: int) -> dict[str, str]:
        """The auto-submitted login initiation form, field for field."""
        return {
            "iss": self.issuer,
            "target_link_uri": tool_url + "/lti/launch",
            "login_hint": str(learner),
            "lti_message_hint": json.dumps(
                {"cmid": 2, "launchid": f"ltilaunch1_{secrets.randbelow(10**9)}"},
                separators=(",", ":"),
            ),
            "client_id": CLIENT_ID,
            "lti_deployment_id": DEPLOYMENT_ID,
        }

    def id_token(self, nonce: str, learner: int, tool_url: str) -> str:
        """Sign a student's LtiResourceLinkRequest as Moodle 4.5 sends it."""
        now = int(time.time())
        iss, sid = self.issuer, f"STUDENT{learner}"
        services = iss + "/mod/lti/services.php"
        members = services + "/CourseSection/2/bindings/1/memberships"
        claims = {
            "aud": CLIENT_ID,
            "iss": iss,
            "sub": str(learner),
            "nonce": nonce,
            "iat": now,
            "exp": now + 60,
            "name": f"Sam Student{learner}",
            "given_name": "Sam",
            "family_name": f"Student{learner}",
            "email": f"student{learner}@example.com",
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "version": "1.3.0",
            LTI + "deployment_id": DEPLOYMENT_ID,
            LTI + "target_link_uri": tool_url + "/lti/launch",
            LTI + "roles": [
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
            ],
            LTI + "context": {
                "id": "2",
                "label": "LTI101",
                "title": "LTI Test Course 101",
                "type": ["CourseSection"],
            },
            LTI + "resource_link": {"id": "1", "title": "Demo LTI activity"},
            LTI + "launch_presentation": {
                "document_target": "iframe",
                "locale": "en",
                "return_url": f"{iss}/mod/lti/return.php?course=2&launch_container=3"
                "&instanceid=1&sesskey=x2Yq8ZfQ1k",
            },
            LTI + "lis": {
                "course_section_sourcedid": "LTI101",
                "person_sourcedid": sid,
            },
            LTI + "tool_platform": {
                "guid": "a84babde0d7337598e32a12a9edbb748",
                "name": "moodle",
                "product_family_code": "moodle",
                "version": "2024100706",
            },
            LTI + "ext": {"lms": "moodle-2", "user_username": f"student{learner}"},
            LTI + "custom": {
                "activity_param": "from_activity",
                "type_param": "from_type",
                "user_username": f"student{learner}",
                "course_label": "LTI101",
                "person_sourcedid": sid,
                "context_memberships_url": members,
                "system_setting_url": services + "/tool/1/custom",
                "context_setting_url": services
                + "/CourseSection/2/bindings/tool/1/custom",
                "link_setting_url": services + "/links/{link_id}/custom",
            },
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "lineitem": services + "/2/lineitems/2/lineitem?type_id=1",
                "lineitems": services + "/2/lineitems?type_id=1",
                "scope": [
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                ],
            },
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": members,
                "service_versions": ["1.0", "2.0"],
            },
            "https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome": {
                "lis_outcome_service_url": iss + "/mod/lti/service.php",
                "lis_result_sourcedid": json.dumps(
                    {
                        "data": {
                            "instanceid": "1",
                            "userid": str(learner),
                            "typeid": "1",
                            "launchid": secrets.randbelow(10**10),
                        },
                        "hash": "0" * 64,
                    }
                ),
            },
        }
        # The key object, not its PEM: parsing a private key costs more than signing.
        return jwt.encode(
            claims, self.key, algorithm="RS256", headers={"kid": self.kid, "typ": "JWT"}
        )


# --- The client: one keep-alive connection per thread, cookies by hand --------


class Client:
    """A minimal browser: http.client, one connection, a cookie dict."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def send(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, bytes]:
        """Return status, Location and body, keeping the cookies set."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        reused = self.conn.sock is not None
        try:
            self.conn.request(method, path, body, headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            self.conn.close()  # the server closed an idle keep-alive connection
            self.conn.request(method, path, body, headers)
            response = self.conn.getresponse()
        data = response.read()
        for line in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in line.lower():
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response.status, response.getheader("Location", ""), data


def expect(status: int, wanted: int, step: str, body: bytes) -> None:
    if status != wanted:
        raise RuntimeError(f"{step}: HTTP {status}, expected {wanted}: {body[:300]!r}")


def one_launch(client: Client, platform: Platform, tool_url: str, learner: int) -> None:
    """Login, cookie check, platform auth (parsed), launch, first page."""
    client.cookies.clear()
    status, location, body = client.send(
        "POST", "/lti/login", platform.login_form(tool_url, learner)
    )
    expect(status, 303, "POST /lti/login", body)
    status, location, body = client.send("GET", location)
    expect(status, 303, "GET /lti/login/continue", body)
    query = parse_qs(urlsplit(location).query)
    if query["redirect_uri"] != [tool_url + "/lti/launch"]:
        raise RuntimeError(f"unexpected redirect_uri {query['redirect_uri']}")
    token = platform.id_token(query["nonce"][0], learner, tool_url)
    status, location, body = client.send(
        "POST", "/lti/launch", {"id_token": token, "state": query["state"][0]}
    )
    expect(status, 303, "POST /lti/launch", body)
    status, _, body = client.send("GET", location)
    expect(status, 200, "GET " + urlsplit(location).path, body)
    if b"LTI Test Course 101" not in body:
        raise RuntimeError("the course page does not show the course")


def one_ping(client: Client) -> None:
    status, _, body = client.send("GET", "/ping")
    expect(status, 200, "GET /ping", body)
    if body != b"pong":
        raise RuntimeError(f"/ping answered {body[:100]!r}")


# --- Closed-loop measurement --------------------------------------------------


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU of every live process in a process group (Linux /proc)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # fields after "(comm)": state ppid pgrp ...
                total += int(fields[11]) + int(fields[12])  # utime stime
    return total / ticks


def measure(
    name: str,
    action: Callable[[Client, int], None],
    port: int,
    threads: int,
    seconds: float,
    max_ops: int,
    server: int,
) -> float:
    """Run ``action`` from ``threads`` clients until the time or the budget ends.

    Also report CPU per operation: the server's (the Gunicorn process group
    ``server``) and this client's, which other load on the machine barely skews.
    """
    lock, done = threading.Lock(), [0]
    errors: list[Exception] = []
    budget = iter(range(max_ops))

    def worker() -> None:
        client = Client(port)
        try:
            while time.perf_counter() < deadline and not errors:
                with lock:
                    index = next(budget, None)
                if index is None:
                    return
                action(client, index)
                with lock:
                    done[0] += 1
        except Exception as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            client.conn.close()

    server_cpu, client_cpu = group_cpu_seconds(server), time.process_time()
    started = time.perf_counter()
    deadline = started + seconds
    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        while thread.is_alive():
            thread.join(0.2)  # short joins keep Ctrl-C responsive
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{name} failed: {errors[0]}") from errors[0]
    server_cpu = group_cpu_seconds(server) - server_cpu
    client_cpu = time.process_time() - client_cpu
    rate = done[0] / elapsed
    per_op = 1000 / max(done[0], 1)
    log(
        f"  {name}: {done[0]} in {elapsed:.2f} s = {rate:.1f}/s; CPU per op: server "
        f"{server_cpu * per_op:.2f} ms, client {client_cpu * per_op:.2f} ms"
    )
    return rate


# --- Setting up and tearing down ----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_environment(data_dir: Path, port: int, redis_url: str | None) -> dict[str, str]:
    """A clean production environment: nothing inherited from the caller's setup."""
    dropped = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "FORWARDED_ALLOW_IPS"}
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CARTABLE_", "FLASK_", "GUNICORN_")) and k not in dropped
    }
    env.update(
        {
            "CARTABLE_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "CARTABLE_DATA_DIR": str(data_dir),
            "CARTABLE_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "CARTABLE_BIND": f"127.0.0.1:{port}",
            "CARTABLE_ACCESS_LOG": str(data_dir / "access.log"),
            "CARTABLE_LOG_LEVEL": "warning",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CARTABLE_REDIS_PREFIX"] = f"cartable-bench-{secrets.token_hex(4)}:"
    else:
        # Production refuses rate limits counted per worker; the benchmarks measure
        # speed, not allowances, and say so explicitly.
        env["CARTABLE_RATELIMIT_SINGLE_PROCESS"] = "1"
    return env


def flask_command(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "lti_app", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode:
        raise RuntimeError(f"flask {' '.join(args[:2])} failed:\n{result.stderr}")


def register(env: dict[str, str], platform: Platform) -> None:
    flask_command(env, "db", "upgrade")
    flask_command(
        env,
        "platforms",
        "add",
        "--issuer",
        platform.issuer,
        "--client-id",
        CLIENT_ID,
        "--auth-login-url",
        platform.issuer + "/mod/lti/auth.php",
        "--auth-token-url",
        platform.issuer + "/mod/lti/token.php",
        "--keyset-url",
        platform.issuer + "/mod/lti/certs.php",
        "--deployment-id",
        DEPLOYMENT_ID,
        "--name",
        "Benchmark Moodle",
    )


@contextlib.contextmanager
def running(
    command: list[str], env: dict[str, str], port: int, log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server in its own process group; stop the whole group on exit."""
    with log_path.open("wb") as output:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(process, port, log_path)
        yield process
    finally:
        stop(process)


def wait_until_up(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log_path.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/ping")
            if conn.getresponse().status == 200:
                conn.close()
                return
        time.sleep(0.2)
    raise RuntimeError("the server did not answer /ping within 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the group we created (Gunicorn's graceful stop), then SIGKILL."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def purge_redis(env: dict[str, str]) -> None:
    """Remove this run's keys (a unique prefix) from a shared Redis."""
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    keys = list(client.scan_iter(match=env["CARTABLE_REDIS_PREFIX"] + "*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


# --- The two modes ------------------------------------------------------------


def benchmark(
    args: argparse.Namespace,
    platform: Platform,
    port: int,
    env: dict[str, str],
    data_dir: Path,
) -> dict[str, float]:
    env["CARTABLE_WORKERS"] = str(args.workers)
    env["CARTABLE_THREADS"] = str(args.server_threads)
    env["CARTABLE_MAX_REQUESTS"] = "0"  # steady state: no worker restart mid-round
    command = [
        str(BIN / "gunicorn"),
        "-c",
        str(ROOT / "config/gunicorn.conf.py"),
        "lti_app:create_app()",
    ]
    tool_url = env["CARTABLE_PUBLIC_URL"]

    def launch(client: Client, index: int) -> None:
        one_launch(client, platform, tool_url, 4 + index % LEARNERS)

    def ping(client: Client, _: int) -> None:
        one_ping(client)

    with running(command, env, port, data_dir / "gunicorn.log") as server:
        pgid = server.pid
        log(
            f"load average {os.getloadavg()[0]:.2f}; gunicorn up on {tool_url}: "
            f"{args.workers} workers x {args.server_threads} threads; "
            f"client: {args.threads} threads"
        )
        log("warm-up")
        measure("launches", launch, port, args.threads, args.warmup, 10**6, pgid)
        measure("pings", ping, port, args.threads, args.warmup, 10**6, pgid)
        launches, pings = [], []
        for round_ in range(1, args.rounds + 1):
            log(f"round {round_}/{args.rounds}")
            pings.append(
                measure("pings", ping, port, args.threads, args.seconds, 200_000, pgid)
            )
            launches.append(
                measure(
                    "launches", launch, port, args.threads, args.seconds, 20_000, pgid
                )
            )
    log(
        f"platform JWKS fetched {platform.jwks_requests} time(s); "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    launches_per_s = statistics.median(launches)
    trivial_per_s = statistics.median(pings)
    return {
        "launches_per_s": round(launches_per_s, 1),
        "trivial_per_s": round(trivial_per_s, 1),
        "ratio": round(launches_per_s / trivial_per_s, 3),
    }


PROFILED_SERVER = """
import cProfile, signal, sys
from werkzeug.serving import make_server
from lti_app import create_app
app, profiler = create_app(), cProfile.Profile()
inner = app.wsgi_app
def profiled(environ, start_response):
    profiler.enable()
    try:
        return list(inner(environ, start_response))
    finally:
        profiler.disable()
app.wsgi_app = profiled
server = make_server("127.0.0.1", int(sys.argv[1]), app, threaded=False)
def finish(*_):
    profiler.dump_stats(sys.argv[2])
    sys.exit(0)
signal.signal(signal.SIGTERM, finish)
server.serve_forever()
"""


def profile(
    args: argparse.Namespace,
    platform: Platform,
    port: int,
    env: dict[str, str],
    data_dir: Path,
) -> None:
    """One single-threaded server process under cProfile, sequential launches."""
    tool_url = env["CARTABLE_PUBLIC_URL"]
    output = Path(args.profile).resolve()
    command = [sys.executable, "-c", PROFILED_SERVER, str(port), str(output)]
    with running(command, env, port, data_dir / "server.log"):
        client = Client(port)
        for index in range(args.profile_launches):
            one_launch(client, platform, tool_url, 4 + index % LEARNERS)
        client.cookies.clear()  # pings as in the benchmark: no launch cookie
        for _ in range(args.profile_launches * 5):
            one_ping(client)
        client.conn.close()
    log(
        f"{args.profile_launches} launches and {args.profile_launches * 5} pings "
        f"profiled: {output}"
    )


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so every ``finally`` stops its server."""
    raise KeyboardInterrupt


def _server_logs(data_dir: Path) -> None:
    for path in sorted(data_dir.glob("*.log")):
        if path.name != "access.log":
            tail = path.read_text(errors="replace")[-3000:]
            log(f"--- {path.name} (end) ---\n{tail}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="median over rounds")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per kind")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="Gunicorn workers")
    parser.add_argument("--server-threads", type=int, default=4, help="per worker")
    parser.add_argument("--redis", metavar="URL", help="use this Redis as the store")
    parser.add_argument("--profile", metavar="FILE", help="cProfile, to FILE")
    parser.add_argument("--profile-launches", type=int, default=300)
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, _interrupt)
    data_dir = Path(tempfile.mkdtemp(prefix="cartable-bench-"))
    platform = Platform()
    env = app_environment(data_dir, free_port(), args.redis)
    port = int(env["CARTABLE_BIND"].rsplit(":", 1)[1])
    try:
        log(f"data in {data_dir}; platform {platform.issuer}")
        register(env, platform)
        if args.profile:
            profile(args, platform, port, env, data_dir)
            return 0
        result = benchmark(args, platform, port, env, data_dir)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except Exception:
        _server_logs(data_dir)
        raise
    finally:
        platform.close()
        if args.redis:
            purge_redis(env)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
