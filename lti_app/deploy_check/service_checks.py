"""Checks that reach the services: database, Redis, SMTP, the public address."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

import requests
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from lti_app.deploy_check.result import Check, failed, passed
from lti_app.extensions import db

CLOCK_TOLERANCE = 5.0  # seconds between this server's clock and the database's
UPGRADE = "flask --app lti_app db upgrade"


def _error(exc: BaseException) -> str:
    """The error's kind and first line: enough to act on, never a secret."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}"[:300]


def check_database(config: Mapping[str, Any]) -> Check:
    """PostgreSQL answers, at the schema's newest migration."""
    name = "database"
    if db.engine.dialect.name != "postgresql":
        return failed(
            name,
            f"{db.engine.dialect.name}: one machine's file, not shared by app servers",
            "set DATABASE_URL=postgresql+psycopg://… (see deploy/cartable.env)",
        )
    directory = current_app.extensions["migrate"].directory
    heads = set(ScriptDirectory(directory).get_heads())
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as exc:
        return failed(
            name,
            f"unreachable ({_error(exc)})",
            "check DATABASE_URL, that PostgreSQL runs and accepts this user "
            "(pg_hba.conf), then run: " + UPGRADE,
        )
    if current != heads:
        seen = f"schema at {sorted(current) or 'nothing'}, code expects {sorted(heads)}"
        return failed(name, seen, "run: " + UPGRADE)
    return passed(name, f"PostgreSQL, schema at {', '.join(sorted(heads))}")


def check_clock(config: Mapping[str, Any]) -> Check:
    """This server's clock against PostgreSQL's: deadlines and leases compare both."""
    name = "clock"
    if db.engine.dialect.name != "postgresql":
        return failed(
            name, "no database server to compare with", "see the database line"
        )
    try:
        with db.engine.connect() as connection:
            before = time.time()
            database = connection.execute(text("SELECT clock_timestamp()")).scalar_one()
            after = time.time()
    except SQLAlchemyError as exc:
        return failed(name, f"unreachable ({_error(exc)})", "see the database line")
    offset = database.timestamp() - (before + after) / 2
    seen = f"this server is {-offset:+.2f} s from the database's clock"
    if abs(offset) > CLOCK_TOLERANCE:
        return failed(
            name,
            seen,
            "synchronise both machines with NTP (systemd-timesyncd or chrony)",
        )
    return passed(name, seen)


def _redis_round_trip(url: str, prefix: str) -> None:
    """Write, read back and delete a key: a read-only replica or a bad password fails."""
    import redis  # the optional dependency, only when Redis is configured

    client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
    key, value = f"{prefix}check-deploy:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        client.set(key, value, ex=60)
        if client.get(key) != value.encode():
            raise RuntimeError("the value read back differs")
        client.delete(key)
    finally:
        client.close()


def check_redis(config: Mapping[str, Any]) -> Check:
    """Redis holds launch state, nonces, caches and the rate limits of every worker."""
    name = "redis"
    url = config.get("REDIS_URL")
    limiter = str(config.get("RATELIMIT_STORAGE_URI") or "")
    if not url:
        return failed(
            name,
            "REDIS_URL is not set: rate limits are counted in each gunicorn worker "
            "apart, and state and caches load the database",
            "install redis-server and set REDIS_URL=redis://127.0.0.1:6379/0",
        )
    if limiter.startswith("memory://"):
        return failed(
            name,
            "RATELIMIT_STORAGE_URI=memory://: each worker counts apart",
            "remove RATELIMIT_STORAGE_URI (it follows REDIS_URL)",
        )
    urls = dict.fromkeys([url] + ([limiter] if limiter.startswith("redis") else []))
    prefix = str(config["CARTABLE_REDIS_PREFIX"])
    for each in urls:
        try:
            _redis_round_trip(each, prefix)
        except Exception as exc:  # any failure is this line's answer
            return failed(
                name,
                f"{_hide_password(each)} failed a write and read ({_error(exc)})",
                "start Redis (systemctl start redis-server) or correct REDIS_URL",
            )
    shown = ", ".join(_hide_password(each) for each in urls)
    return passed(name, f"{shown}: written and read back (state, limiter, caches)")


def _hide_password(url: str) -> str:
    """A Redis URL as printed: never its password."""
    scheme, _, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return f"{scheme}://{rest}"


def check_smtp(config: Mapping[str, Any]) -> Check:
    """The SMTP server accepts a connection, STARTTLS and the login, when configured."""
    name = "smtp"
    host = config.get("CARTABLE_SMTP_HOST")
    if not host:
        return passed(name, "not configured: notices stay in the interface")
    from lti_app import mail

    address = f"{host}:{config['CARTABLE_SMTP_PORT']}"
    try:
        with mail.connect(config) as smtp:
            smtp.noop()
    except Exception as exc:  # any failure is this line's answer
        return failed(
            name,
            f"{address} ({config['CARTABLE_SMTP_SECURITY']}) refused: {_error(exc)}",
            "check CARTABLE_SMTP_HOST, _PORT, _SECURITY, _USERNAME and _PASSWORD, "
            "and that this server may reach that port (firewall)",
        )
    return passed(name, f"{address} ({config['CARTABLE_SMTP_SECURITY']}) accepts us")


def check_address_seen(config: Mapping[str, Any]) -> Check:
    """Through the public URL, the app must see itself at that very address: the
    proxy sends X-Forwarded-Proto and -Host, and CARTABLE_PROXY_HOPS trusts them."""
    name = "address seen through the proxy"
    public = (config.get("CARTABLE_PUBLIC_URL") or "").rstrip("/")
    if not public:
        return failed(name, "no public URL to fetch", "see the public URL line")
    try:
        response = requests.get(
            public + "/healthz", timeout=float(config["CARTABLE_HTTP_TIMEOUT"])
        )
        seen = response.json().get("seen")
    except (requests.RequestException, ValueError, AttributeError) as exc:
        return failed(
            name,
            f"{public}/healthz did not answer this server ({_error(exc)})",
            "start the web server and the proxy; a valid certificate for the name; "
            "if this machine cannot reach its own public name, read the line "
            "'Address seen behind the proxy' on /lti/diagnostics instead",
        )
    if seen != public:
        return failed(
            name,
            f"requests through {public} reach Cartable as {seen}",
            "the proxy must set X-Forwarded-Proto and X-Forwarded-Host (as "
            "deploy/nginx/cartable.conf does), and CARTABLE_PROXY_HOPS count it",
        )
    return passed(name, f"{public} reaches Cartable as itself")
