"""Settings: defaults < CARTABLE_SETTINGS file < environment < overrides."""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

DEV_SECRET = "dev-only-secret-change-me"  # noqa: S105 - refused in production below

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": DEV_SECRET,
    "DATABASE_URL": None,
    "REDIS_URL": None,
    "CARTABLE_REDIS_PREFIX": "cartable:",
    "CARTABLE_ENV": "development",
    "CARTABLE_DATA_DIR": "var",
    "CARTABLE_PUBLIC_URL": None,
    "CARTABLE_DEV_LMS": False,
    "CARTABLE_PROXY_HOPS": 0,
    "CARTABLE_JWT_LEEWAY": 60,
    "CARTABLE_JWT_MAX_AGE": 3600,
    "CARTABLE_HTTP_TIMEOUT": 5.0,
    "CARTABLE_JWKS_CACHE_SECONDS": 3600,
    "CARTABLE_STATE_SECONDS": 600,
    "CARTABLE_STORAGE_TIMEOUT_MS": 2000,
    "CARTABLE_SESSION_SECONDS": 3600,
    "CARTABLE_LAUNCH_SECONDS": 28800,
    "CARTABLE_DEFAULT_LOCALE": "fr",
    "CARTABLE_EXTRA_TARGET_HOSTS": [],
    # Dynamic registration fetches nothing on these networks unless listed here.
    "CARTABLE_REGISTRATION_ALLOWED_NETWORKS": [],
    "CARTABLE_KEY_ROTATION_HOURS": 24,
    "CARTABLE_BIB_MAX_BYTES": 2 * 1024 * 1024,
    "CARTABLE_IMPORT_SECONDS": 3600,
    "CARTABLE_ATTACHMENT_MAX_BYTES": 5 * 1024 * 1024,
    "CARTABLE_MODULE_MAX_BYTES": 256 * 1024,
    "CARTABLE_STORAGE_DIR": None,
    "CARTABLE_SUBMISSION_MAX_BYTES": 200 * 1024 * 1024,
    # Fair share per person, per bucket: students, then staff (see rate_limits).
    "CARTABLE_RATE_QUESTIONS": "10/hour",
    "CARTABLE_RATE_QUESTIONS_STAFF": "60/hour",
    "CARTABLE_RATE_COMMENTS": "30/hour",
    "CARTABLE_RATE_COMMENTS_STAFF": "300/hour",
    "CARTABLE_RATE_SUGGESTIONS": "10/hour",
    "CARTABLE_RATE_SUGGESTIONS_STAFF": "60/hour",
    "CARTABLE_RATE_UPLOADS": "30/hour",
    "CARTABLE_RATE_UPLOADS_STAFF": "300/hour",
    "CARTABLE_RATE_IMPORTS": "10/hour",
    "CARTABLE_RATE_IMPORTS_STAFF": "60/hour",
    "CARTABLE_RATE_READING": "300/hour",
    "CARTABLE_RATE_READING_STAFF": "600/hour",
    "CARTABLE_RATE_DRAFTS": "60/hour",
    "CARTABLE_RATE_DRAFTS_STAFF": "3600/hour",
    "CARTABLE_RATE_EDITS": "60/hour",
    "CARTABLE_RATE_EDITS_STAFF": "1200/hour",
    "CARTABLE_RATE_GRADING": "60/hour",
    "CARTABLE_RATE_GRADING_STAFF": "3000/hour",
    "CARTABLE_RATE_SESSIONS": "600/hour",
    "CARTABLE_RATE_SESSIONS_STAFF": "600/hour",
    "CARTABLE_RATE_WRITES": "120/hour",
    "CARTABLE_RATE_WRITES_STAFF": "1200/hour",
    "CARTABLE_RATELIMIT_SINGLE_PROCESS": False,
    "CARTABLE_DB_LOCK_SECONDS": 15,
    # Uploads one person may have in flight at once, and how long a slot outlives
    # a worker that died holding it.
    "CARTABLE_UPLOADS_IN_FLIGHT": 2,
    "CARTABLE_UPLOAD_SLOT_SECONDS": 900,
    "CARTABLE_DOI_RESOLVER": (
        "https://api.crossref.org/works/{doi}/transform/"
        "application/vnd.citationstyles.csl+json"
    ),
    "CARTABLE_SMTP_HOST": None,
    "CARTABLE_SMTP_PORT": 587,
    "CARTABLE_SMTP_SECURITY": "starttls",
    "CARTABLE_SMTP_USERNAME": None,
    "CARTABLE_SMTP_PASSWORD": None,
    "CARTABLE_MAIL_SENDER": "Cartable <cartable@localhost>",
    "CARTABLE_OUTBOX_RETRY_SECONDS": 30,
    "CARTABLE_OUTBOX_MAX_RETRY_SECONDS": 3600,
    "CARTABLE_OUTBOX_MAX_ATTEMPTS": 12,
    "CARTABLE_OUTBOX_LEASE_SECONDS": 300,
    # check-deploy fails when no worker heartbeat is younger than this.
    "CARTABLE_WORKER_STALE_SECONDS": 120,
    "CARTABLE_RETENTION_DAYS": 365,
    # Who may read /metrics (after ProxyFix); everyone else gets a 404.
    "CARTABLE_METRICS_ALLOWED_NETWORKS": ["127.0.0.0/8", "::1/128"],
    # "text" or "json": one JSON object per log line, for a log shipper.
    "CARTABLE_LOG_FORMAT": "text",
    # A staff launch queues a roster refresh (NRPS) when the last one is older.
    "CARTABLE_ROSTER_MAX_AGE_HOURS": 6,
}

_BOOLEAN = {"CARTABLE_DEV_LMS", "CARTABLE_RATELIMIT_SINGLE_PROCESS"}
_INTEGER = {
    "CARTABLE_PROXY_HOPS",
    "CARTABLE_JWT_LEEWAY",
    "CARTABLE_JWT_MAX_AGE",
    "CARTABLE_JWKS_CACHE_SECONDS",
    "CARTABLE_STATE_SECONDS",
    "CARTABLE_STORAGE_TIMEOUT_MS",
    "CARTABLE_SESSION_SECONDS",
    "CARTABLE_LAUNCH_SECONDS",
    "CARTABLE_KEY_ROTATION_HOURS",
    "CARTABLE_BIB_MAX_BYTES",
    "CARTABLE_IMPORT_SECONDS",
    "CARTABLE_ATTACHMENT_MAX_BYTES",
    "CARTABLE_MODULE_MAX_BYTES",
    "CARTABLE_SUBMISSION_MAX_BYTES",
    "CARTABLE_UPLOADS_IN_FLIGHT",
    "CARTABLE_UPLOAD_SLOT_SECONDS",
    "CARTABLE_SMTP_PORT",
    "CARTABLE_OUTBOX_RETRY_SECONDS",
    "CARTABLE_OUTBOX_MAX_RETRY_SECONDS",
    "CARTABLE_OUTBOX_MAX_ATTEMPTS",
    "CARTABLE_OUTBOX_LEASE_SECONDS",
    "CARTABLE_DB_LOCK_SECONDS",
    "CARTABLE_WORKER_STALE_SECONDS",
    "CARTABLE_RETENTION_DAYS",
    "CARTABLE_ROSTER_MAX_AGE_HOURS",
}
_FLOAT = {"CARTABLE_HTTP_TIMEOUT"}
_LIST = {
    "CARTABLE_EXTRA_TARGET_HOSTS",
    "CARTABLE_REGISTRATION_ALLOWED_NETWORKS",
    "CARTABLE_METRICS_ALLOWED_NETWORKS",
}


class SettingsError(ValueError):
    """A setting is missing, malformed, or unsafe for the environment."""


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    names = set(DEFAULTS) | {k for k in environ if k.startswith("CARTABLE_")}
    names.discard("CARTABLE_SETTINGS")
    return {name: environ[name] for name in names if name in environ}


def _coerce(name: str, value: Any) -> Any:
    if name in _BOOLEAN and not isinstance(value, bool):
        lowered = value.strip().lower() if isinstance(value, str) else None
        if lowered not in {"1", "0", "true", "false", "on", "off", "yes", "no", ""}:
            raise SettingsError(f"{name} must be on or off, not {value!r}")
        return lowered in {"1", "true", "on", "yes"}
    if name in _INTEGER | _FLOAT and isinstance(value, bool):  # int(True) would pass
        raise SettingsError(f"{name} must be a number, not {value!r}")
    try:
        if name in _INTEGER:
            return int(value)
        if name in _FLOAT:
            return float(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{name} must be a number, not {value!r}") from exc
    if name in _LIST and isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Merge every source, coerce types and validate the result."""
    environ = os.environ if environ is None else environ
    merged = dict(DEFAULTS)
    path = environ.get("CARTABLE_SETTINGS")
    if path:
        try:
            merged.update(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read CARTABLE_SETTINGS={path}: {exc}") from exc
    merged.update(_from_environment(environ))
    merged.update(overrides or {})
    settings = {name: _coerce(name, value) for name, value in merged.items()}
    _derive(settings)
    validate(settings)
    return settings


def _derive(settings: dict[str, Any]) -> None:
    data_dir = Path(settings["CARTABLE_DATA_DIR"]).resolve()
    settings["CARTABLE_DATA_DIR"] = str(data_dir)
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{data_dir / 'cartable.sqlite3'}"
    settings["SQLALCHEMY_DATABASE_URI"] = settings["DATABASE_URL"]
    # A request holds its session's connection while the shared store takes a second
    # one: with a bounded overflow, enough concurrent requests each wait for a second
    # connection that never comes (a deadlock until the pool timeout). The server's
    # thread count bounds the connections instead.
    engine_options: dict[str, Any] = {"max_overflow": -1}
    engine_options["connect_args"] = _lock_wait(
        settings["DATABASE_URL"], settings["CARTABLE_DB_LOCK_SECONDS"]
    )
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options,
        **settings.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    public_url = settings["CARTABLE_PUBLIC_URL"]
    if public_url:
        settings["CARTABLE_PUBLIC_URL"] = public_url.rstrip("/")
    settings["BABEL_DEFAULT_LOCALE"] = settings["CARTABLE_DEFAULT_LOCALE"]
    # Rate limits: shared by all workers on Redis, else counted per worker process.
    settings.setdefault("RATELIMIT_STORAGE_URI", settings["REDIS_URL"] or "memory://")
    settings.setdefault(
        "RATELIMIT_KEY_PREFIX", settings["CARTABLE_REDIS_PREFIX"] + "rl"
    )
    settings.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    # The launch token, not the Flask cookie, carries the CSRF secret (see lti.session).
    settings.setdefault("WTF_CSRF_TIME_LIMIT", None)
    settings["MAX_CONTENT_LENGTH"] = settings.get(
        "MAX_CONTENT_LENGTH", 16 * 1024 * 1024
    )


def _lock_wait(url: str, seconds: int) -> dict[str, Any]:
    """How long a statement waits for another's lock before giving up (then a 503)."""
    if url.startswith("sqlite"):
        return {"timeout": seconds}
    if url.startswith("postgresql"):
        # connect_args replace the URL's own ``options`` (a search_path...): keep them.
        given = make_url(url).query.get("options", "")
        given = given if isinstance(given, str) else " ".join(given)
        return {"options": f"{given} -c lock_timeout={seconds * 1000}".strip()}
    return {}


def _validate_rates(settings: Mapping[str, Any]) -> None:
    """Each CARTABLE_RATE_* is a Flask-Limiter rate such as "10/hour"."""
    from limits import parse_many

    if "CARTABLE_QUESTIONS_RATE" in settings:
        raise SettingsError(
            "CARTABLE_QUESTIONS_RATE is now CARTABLE_RATE_QUESTIONS "
            "(and CARTABLE_RATE_COMMENTS for follow-ups): rename it"
        )
    for name, value in settings.items():
        if not name.startswith("CARTABLE_RATE_"):
            continue
        try:
            if not isinstance(value, str) or not parse_many(value):
                raise ValueError(value)
        except ValueError as exc:
            raise SettingsError(
                f'{name} must be a rate such as "10/hour", not {value!r}'
            ) from exc


def _validate_limiter_storage(settings: Mapping[str, Any]) -> None:
    """In production, rate limits are counted where every worker sees them."""
    if settings["CARTABLE_RATELIMIT_SINGLE_PROCESS"]:
        return
    if str(settings["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        raise SettingsError(
            "production counts rate limits in process memory, so each worker "
            "would grant its own allowance: set REDIS_URL (shared by all workers "
            "and servers), or CARTABLE_RATELIMIT_SINGLE_PROCESS=1 if a single "
            "process serves Cartable"
        )


def _validate_networks(name: str, networks: object) -> None:
    """Each allowed network must be a CIDR block such as ``10.0.0.0/8``."""
    if not isinstance(networks, list):
        raise SettingsError(f"{name} must be a list")
    for network in networks:
        try:
            ipaddress.ip_network(str(network), strict=False)
        except ValueError as exc:
            raise SettingsError(f"{name}: {network!r} is not a CIDR network") from exc


def validate(settings: Mapping[str, Any]) -> None:
    """Refuse unsafe combinations, above all in production."""
    env = settings["CARTABLE_ENV"]
    if env not in {"development", "production"}:
        raise SettingsError(
            f"CARTABLE_ENV must be development or production, not {env!r}"
        )
    if settings["CARTABLE_DEFAULT_LOCALE"] not in {"fr", "en"}:
        raise SettingsError("CARTABLE_DEFAULT_LOCALE must be fr or en")
    if settings["CARTABLE_SUBMISSION_MAX_BYTES"] <= 0:
        raise SettingsError("CARTABLE_SUBMISSION_MAX_BYTES must be positive")
    if settings["CARTABLE_UPLOADS_IN_FLIGHT"] < 1:
        raise SettingsError("CARTABLE_UPLOADS_IN_FLIGHT must be at least 1")
    if settings["CARTABLE_UPLOAD_SLOT_SECONDS"] < 60:
        raise SettingsError("CARTABLE_UPLOAD_SLOT_SECONDS must be at least 60")
    if not 100 <= settings["CARTABLE_STORAGE_TIMEOUT_MS"] <= 30_000:
        raise SettingsError("CARTABLE_STORAGE_TIMEOUT_MS must be 100 to 30000")
    if settings["CARTABLE_PROXY_HOPS"] < 0:
        raise SettingsError("CARTABLE_PROXY_HOPS cannot be negative")
    _validate_rates(settings)
    if settings["CARTABLE_DB_LOCK_SECONDS"] < 1:
        raise SettingsError("CARTABLE_DB_LOCK_SECONDS must be at least 1")
    for name in (
        "CARTABLE_REGISTRATION_ALLOWED_NETWORKS",
        "CARTABLE_METRICS_ALLOWED_NETWORKS",
    ):
        _validate_networks(name, settings[name])
    if settings["CARTABLE_LOG_FORMAT"] not in {"text", "json"}:
        raise SettingsError("CARTABLE_LOG_FORMAT must be text or json")
    if settings["CARTABLE_SMTP_SECURITY"] not in {"none", "starttls", "tls"}:
        raise SettingsError("CARTABLE_SMTP_SECURITY must be none, starttls or tls")
    if not 0 <= settings["CARTABLE_RETENTION_DAYS"] <= 36500:
        raise SettingsError("CARTABLE_RETENTION_DAYS must be 0 (no limit) to 36500")
    if not 1 <= settings["CARTABLE_ROSTER_MAX_AGE_HOURS"] <= 168:
        raise SettingsError("CARTABLE_ROSTER_MAX_AGE_HOURS must be 1 to 168")
    if settings["CARTABLE_OUTBOX_MAX_ATTEMPTS"] < 1:
        raise SettingsError("CARTABLE_OUTBOX_MAX_ATTEMPTS must be at least 1")
    if env != "production":
        return
    secret = settings["SECRET_KEY"]
    if not secret or secret == DEV_SECRET or len(str(secret)) < 32:
        raise SettingsError(
            "production needs SECRET_KEY: a random value of at least 32 characters"
        )
    if settings["CARTABLE_DEV_LMS"]:
        raise SettingsError("the development LMS cannot be enabled in production")
    if not settings["CARTABLE_PUBLIC_URL"]:
        raise SettingsError("production needs CARTABLE_PUBLIC_URL")
    _validate_limiter_storage(settings)
