"""Calls to a platform's LTI services (AGS, NRPS): timeouts, bearer tokens, errors.

Every failure becomes a :class:`ServiceError` carrying the HTTP status (None when
the platform was unreachable), a short reason safe to log and to show staff (never
a token), and whether trying again later may help.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from flask import current_app

USER_AGENT = "Cartable-LTI/0.1"
_REASON_CHARS = 200


class ServiceError(Exception):
    """A platform service refused or failed a call."""

    def __init__(
        self, reason: str, status: int | None = None, *, transient: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason[:_REASON_CHARS]
        self.status = status
        self.transient = transient

    def __str__(self) -> str:
        prefix = f"HTTP {self.status}: " if self.status is not None else ""
        return prefix + self.reason


def timeout() -> float:
    """Seconds allowed to each platform call (``CARTABLE_HTTP_TIMEOUT``)."""
    return float(current_app.config["CARTABLE_HTTP_TIMEOUT"])


def service_url(base: str, suffix: str = "", **params: str) -> str:
    """``base`` with ``suffix`` appended to its path, before the query string.

    Moodle's line item URLs carry ``?type_id=``: ``/scores`` goes before the ``?``.
    """
    parts = urlsplit(base)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += list(params.items())
    path = parts.path.rstrip("/") + suffix if suffix else parts.path
    return urlunsplit(
        (parts.scheme, parts.netloc, path, urlencode(query), parts.fragment)
    )


def describe_refusal(response: requests.Response) -> str:
    """A short reason from an error answer: the JSON error, else what came instead."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if "json" in kind:
        try:
            body = response.json()
        except ValueError:
            return f"malformed JSON answer ({kind})"
        if isinstance(body, dict):
            parts = [
                str(body[name])
                for name in ("error", "error_description", "reason", "message")
                if body.get(name)
            ]
            if parts:
                return ": ".join(parts)
        return "JSON answer without an error description"
    if "html" in kind or response.text.lstrip().startswith("<"):
        return "an HTML page instead of JSON"
    text = response.text.strip().splitlines()
    return text[0][:80] if text else "empty answer"


def json_body(response: requests.Response) -> Any:
    """The JSON document of a successful answer; a clear error when it is not JSON."""
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError) as exc:
        raise ServiceError(
            f"expected JSON, got {describe_refusal(response)}", response.status_code
        ) from exc


def raise_for_answer(response: requests.Response) -> None:
    """Turn a non-2xx answer into a :class:`ServiceError`."""
    if response.status_code < 300:
        return
    transient = response.status_code >= 500 or response.status_code == 429
    raise ServiceError(
        describe_refusal(response), response.status_code, transient=transient
    )


def call(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    data: Mapping[str, str] | None = None,
    body: Any = None,
) -> requests.Response:
    """One HTTP call with a timeout; unreachable platforms are transient errors."""
    all_headers = {"User-Agent": USER_AGENT, **headers}
    try:
        return requests.request(
            method,
            url,
            headers=all_headers,
            data=data if data is not None else _encode(body),
            timeout=timeout(),
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise ServiceError(
            f"platform unreachable ({type(exc).__name__})", transient=True
        ) from exc


def _encode(body: Any) -> bytes | None:
    return None if body is None else json.dumps(body).encode()
