"""Logging: tokens never reach a log line, and every line names its request."""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
from datetime import UTC, datetime

from flask import g, has_app_context

# Refusal reason codes are logged as ``reason=`` so that they stay readable:
# ``code=`` is kept for secrets (the code of a registration URL).
_SECRET_PARAM = re.compile(
    r"((?:ltik|id_token|state|nonce|token|ticket|code|JWT)=)[^&\s\"']+"
)
# nginx's $request_id is 32 hex digits; a load balancer may send a UUID.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def redact(text: str) -> str:
    """The text with every token value replaced by ``[redacted]``."""
    return _SECRET_PARAM.sub(r"\1[redacted]", text)


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is short and safe to print, else a fresh one."""
    if header and _SAFE_REQUEST_ID.fullmatch(header):
        return header
    return secrets.token_hex(16)


class RedactTokens(logging.Filter):
    """Replace token values in URLs and form dumps with ``[redacted]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class RequestId(logging.Filter):
    """Give each record the id of the request it was logged in (``-`` outside)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_app_context() else "-"
        return True


class TextFormatter(logging.Formatter):
    """The classic line, request id included, redacted whole (tracebacks too)."""

    def __init__(self) -> None:
        super().__init__(_TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for a log shipper; redacted like the text."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": redact(record.getMessage()),
        }
        if record.exc_info:  # redacted before encoding: escapes stay whole
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "lti_app")


def install(log_format: str = "text") -> None:
    """Attach the filter to the loggers that print request lines, and to ours.

    A logger's filters do not apply to records of its children, so every module
    logger of ``lti_app`` (all created at import, before the factory runs) gets one.
    ``lti_app`` also gets one handler on stderr, in ``log_format``.
    """
    known = [n for n in logging.Logger.manager.loggerDict if n.startswith("lti_app.")]
    for name in (*_LOGGERS, *known):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
    _install_handler(logging.getLogger("lti_app"), log_format)


class _Stderr(logging.Handler):
    """Writes to whatever ``sys.stderr`` is at the time (as ``logging.lastResort``)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # logging must never break a request
            self.handleError(record)


def _install_handler(logger: logging.Logger, log_format: str) -> None:
    """One stderr handler (replaced, not added, when the factory runs again)."""
    for old in [h for h in logger.handlers if isinstance(h, _Stderr)]:
        logger.removeHandler(old)
    handler = _Stderr()
    handler.addFilter(RequestId())
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    logger.addHandler(handler)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
