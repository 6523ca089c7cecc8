"""Logging: tokens never reach a log line."""

from __future__ import annotations

import logging
import re

# Refusal reason codes are logged as ``reason=`` so that they stay readable:
# ``code=`` is kept for secrets (the code of a registration URL).
_SECRET_PARAM = re.compile(
    r"((?:ltik|id_token|state|nonce|token|ticket|code|JWT)=)[^&\s\"']+"
)


class RedactTokens(logging.Filter):
    """Replace token values in URLs and form dumps with ``[redacted]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET_PARAM.sub(r"\1[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "lti_app")


def install() -> None:
    """Attach the filter to the loggers that print request lines, and to ours.

    A logger's filters do not apply to records of its children, so every module
    logger of ``lti_app`` (all created at import, before the factory runs) gets one.
    """
    known = [n for n in logging.Logger.manager.loggerDict if n.startswith("lti_app.")]
    for name in (*_LOGGERS, *known):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
