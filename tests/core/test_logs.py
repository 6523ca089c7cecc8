"""lti_app.logs: token values never reach a log line, whichever logger prints it."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from flask import Flask

from lti_app.logs import RedactTokens


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "GET /course/?ltik=abc.def-ghi HTTP/1.1",
            "GET /course/?ltik=[redacted] HTTP/1.1",
            id="ltik",
        ),
        pytest.param(
            "GET /lti/login/continue?state=s3cr3t&x=1",
            "GET /lti/login/continue?state=[redacted]&x=1",
            id="state",
        ),
        pytest.param(
            "id_token=eyJ.eyJ.sig&state=abc",
            "id_token=[redacted]&state=[redacted]",
            id="form-dump",
        ),
        pytest.param(
            "auth?nonce=n0nce&scope=openid",
            "auth?nonce=[redacted]&scope=openid",
            id="nonce",
        ),
        pytest.param("JWT=eyJ.x.y", "JWT=[redacted]", id="jwt"),
        pytest.param(
            "GET /lti/register?code=c0de&openid_configuration=https%3A%2F%2Fm"
            "&registration_token=eyJ.r.t HTTP/1.1",
            "GET /lti/register?code=[redacted]&openid_configuration=https%3A%2F%2Fm"
            "&registration_token=[redacted] HTTP/1.1",
            id="dynamic-registration",
        ),
        pytest.param(
            "GET /lti/diagnostics?token=d1ag HTTP/1.1",
            "GET /lti/diagnostics?token=[redacted] HTTP/1.1",
            id="diagnostics",
        ),
        pytest.param(
            "GET /mydata/privacy?ticket=t1ck-et&lang=fr HTTP/1.1",
            "GET /mydata/privacy?ticket=[redacted]&lang=fr HTTP/1.1",
            id="data-privacy-ticket",
        ),
        pytest.param(
            "GET /healthz HTTP/1.1", "GET /healthz HTTP/1.1", id="nothing-to-hide"
        ),
        pytest.param(
            "lti refused reason=state-unknown path=/lti/launch",
            "lti refused reason=state-unknown path=/lti/launch",
            id="reason-code-in-clear",
        ),
        pytest.param(
            "registration refused reason=registration-code-used",
            "registration refused reason=registration-code-used",
            id="registration-reason-in-clear",
        ),
        pytest.param(
            "lti refused reason=state-unknown path=/lti/launch?state=s3cr3t",
            "lti refused reason=state-unknown path=/lti/launch?state=[redacted]",
            id="reason-clear-state-hidden",
        ),
    ],
)
def test_redacts_secret_parameters(line: str, expected: str) -> None:
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, "%s", (line,), None
    )
    assert RedactTokens().filter(record)
    assert record.getMessage() == expected


def test_redacts_a_gunicorn_access_record_with_dict_args() -> None:
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '"%(r)s" %(s)s',
        ({"r": "GET /course/?ltik=abc HTTP/1.1", "s": "200"},),
        None,
    )
    RedactTokens().filter(record)
    assert record.getMessage() == '"GET /course/?ltik=[redacted] HTTP/1.1" 200'


@pytest.mark.usefixtures("app")
@pytest.mark.parametrize(
    "name",
    [
        "werkzeug",
        "gunicorn.access",
        "lti_app",
        "lti_app.launch.views",
        "lti_app.lti.platform_keys",
    ],
)
def test_every_logger_of_the_app_redacts(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A logger's filters skip its children's records: each module logger needs one."""
    caplog.set_level(logging.INFO)
    logging.getLogger(name).info("redirect to /course/?ltik=%s", "leaked-token")
    assert caplog.records[-1].getMessage() == "redirect to /course/?ltik=[redacted]"


def test_installing_twice_adds_one_filter(make_app: Callable[..., Flask]) -> None:
    make_app()
    make_app()
    filters = logging.getLogger("werkzeug").filters
    assert sum(isinstance(f, RedactTokens) for f in filters) == 1
