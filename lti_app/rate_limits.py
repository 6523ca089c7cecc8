"""Fair share per person: every write counts against one bucket of its author.

Each feature declares its buckets in its ``init_app`` (questions, comments,
suggestions, uploads...); a write endpoint no feature claims falls into the
shared ``writes`` bucket, so a new form is limited from its first day. Counters
are keyed by platform and person (never by IP: a class shares one), students
and staff apart, each bucket with its own rates in the settings
(``CARTABLE_RATE_<BUCKET>`` and ``CARTABLE_RATE_<BUCKET>_STAFF``).

Two counters per bucket: accepted writes (a form sent back with an error does
not count), and attempts of any outcome at three times the rate, counted on the
way in, so that a burst of bad or simultaneous posts is refused as well.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from math import ceil

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l
from flask_limiter import Limit, Limiter
from flask_limiter.errors import RateLimitExceeded
from limits import parse_many
from werkzeug.wrappers import Response

from lti_app import errors

WRITES = ("POST", "PUT", "PATCH", "DELETE")
ATTEMPTS_FACTOR = 3
_KEY = "cartable_rate_buckets"
_EXEMPT = "cartable_rate_exempt"


@dataclass(frozen=True)
class Bucket:
    """Endpoints whose writes share one allowance per person."""

    name: str  # settings CARTABLE_RATE_<NAME> and CARTABLE_RATE_<NAME>_STAFF
    label: LazyString  # what the refusal page says was sent too often
    endpoints: tuple[str, ...] = ()


DEFAULT = Bucket("writes", _l("modifications"))


def register_bucket(app: Flask, bucket: Bucket) -> None:
    """Count these endpoints' writes in ``bucket`` (one bucket per endpoint)."""
    for staff in (False, True):
        rate_of(app, bucket, staff)  # a bucket without its settings fails at start
    buckets: dict[str, Bucket] = app.extensions.setdefault(_KEY, {})
    for endpoint in bucket.endpoints:
        if endpoint in buckets:
            raise ValueError(f"{endpoint} already counts in {buckets[endpoint].name}")
        buckets[endpoint] = bucket


def register_buckets(app: Flask, *buckets: Bucket) -> None:
    """Declare a feature's buckets."""
    for bucket in buckets:
        register_bucket(app, bucket)


def exempt(app: Flask, *endpoints: str) -> None:
    """Never count these (the LMS's own messages, which carry no launch yet)."""
    app.extensions.setdefault(_EXEMPT, set()).update(endpoints)


def bucket_of(app: Flask, endpoint: str | None) -> Bucket | None:
    """The bucket a write to ``endpoint`` counts in; None when never counted."""
    if not endpoint or endpoint in app.extensions.get(_EXEMPT, ()):
        return None
    if endpoint.rsplit(".", 1)[-1] == "static":
        return None
    buckets: dict[str, Bucket] = app.extensions.get(_KEY, {})
    return buckets.get(endpoint, DEFAULT)


def rate_of(app: Flask, bucket: Bucket, staff: bool) -> str:
    """The configured rate of a bucket for students or staff."""
    suffix = "_STAFF" if staff else ""
    return str(app.config[f"CARTABLE_RATE_{bucket.name.upper()}{suffix}"])


@cache
def attempts_rate(rate: str) -> str:
    """``rate`` with every amount multiplied: the allowance of attempts."""
    return "; ".join(
        f"{item.amount * ATTEMPTS_FACTOR} per {item.multiples} {item.GRANULARITY.name}"
        for item in parse_many(rate)
    )


def _counted() -> Bucket | None:
    if request.method not in WRITES or g.get("launch") is None:
        return None
    return bucket_of(current_app, request.endpoint)


def _accepted_rate() -> str:
    bucket = _counted()
    return "" if bucket is None else rate_of(current_app, bucket, g.launch.is_staff)


def _attempts_rate() -> str:
    rate = _accepted_rate()
    return attempts_rate(rate) if rate else ""


def _person_key() -> str:
    """Platform and person, students and staff apart; never the IP address."""
    context = g.launch
    role = "staff" if context.is_staff else "student"
    return f"{role}:{context.platform_id}:{context.sub}"


def _scope(suffix: str) -> Callable[[str], str]:
    def scope(endpoint: str) -> str:
        bucket = bucket_of(current_app, endpoint)
        return (bucket or DEFAULT).name + suffix

    return scope


def _accepted(response: Response) -> bool:
    return response.status_code < 400


def _limit(
    rate: Callable[[], str],
    suffix: str,
    deduct_when: Callable[[Response], bool] | None = None,
) -> Limit:
    return Limit(
        rate,
        key_function=_person_key,
        scope=_scope(suffix),
        shared=True,
        methods=WRITES,
        deduct_when=deduct_when,
    )


def new_limiter() -> Limiter:
    """A limiter for one app: Flask-Limiter keeps its storage on the instance."""
    accepted = _limit(_accepted_rate, "", deduct_when=_accepted)
    return Limiter(
        _person_key, default_limits=[accepted, _limit(_attempts_rate, "-attempts")]
    )


def too_many(error: RateLimitExceeded) -> tuple[Response | str, int]:
    """The bilingual 429: which allowance, when to come back, what was typed."""
    bucket = bucket_of(current_app, request.endpoint) or DEFAULT
    minutes = _minutes_to_wait()
    if errors.wants_json():
        return jsonify(error=429, bucket=bucket.name, retry_minutes=minutes), 429
    page = render_template(
        "errors/rate_limited.html",
        what=bucket.label,
        what_en=_in_english(bucket.label),
        minutes=minutes,
        typed=errors.typed_fields(),
    )
    return page, 429


def _in_english(label: LazyString) -> str:
    with force_locale("en"):
        return str(label)


def _minutes_to_wait() -> int:
    limiter: Limiter = current_app.extensions["cartable_limiter"]
    limit = limiter.current_limit
    if limit is None:
        return 1
    return max(1, ceil((limit.reset_at - time.time()) / 60))


def init_app(app: Flask) -> Limiter:
    """Attach a limiter to ``app`` and answer its refusals."""
    limiter = new_limiter()
    limiter.init_app(app)
    app.extensions["cartable_limiter"] = limiter
    app.register_error_handler(RateLimitExceeded, too_many)
    return limiter
