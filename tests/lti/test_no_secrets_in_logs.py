"""No launch secret (ltik, id_token, state, nonce) reaches a log record."""

from __future__ import annotations

import logging

import pytest

from tests.support.launcher import Launcher, ltik_of


def test_a_launch_logs_no_secret(
    launcher: Launcher, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    login = launcher.login()
    id_token = launcher.platform.sign(launcher.platform.claims(login.nonce))
    response = launcher.post(id_token, login.state)
    ltik = ltik_of(response)
    launcher.client.get(response.location)
    launcher.client.get(f"/course/members?ltik={ltik}")  # a refusal is logged too
    launcher.post(id_token, login.state)  # and a replay
    secrets = {
        "id_token": id_token,
        "id_token signature": id_token.rsplit(".", 1)[1],
        "state": login.state,
        "nonce": login.nonce,
        "ltik": ltik,
    }
    assert any(r.name.startswith("lti_app") for r in caplog.records)
    # The reason code of the replay's refusal is no secret: the operator reads it.
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert "lti refused reason=state-unknown path=/lti/launch" in refusals, refusals
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + (record.exc_text or "")
        for name, value in secrets.items():
            assert value not in text, (
                f"{name} in log record {record.name}: {text[:200]}"
            )


def test_werkzeug_request_lines_are_redacted(
    launcher: Launcher, caplog: pytest.LogCaptureFixture
) -> None:
    """The development server's request line, as werkzeug logs it."""
    caplog.set_level(logging.INFO)
    ltik = launcher.launch_token()
    logging.getLogger("werkzeug").info(
        '%s - - [%s] "%s" %s %s',
        "127.0.0.1",
        "now",
        f"GET /course/?ltik={ltik} HTTP/1.1",
        200,
        "-",
    )
    record = caplog.records[-1]
    assert ltik not in record.getMessage()
    assert "ltik=[redacted]" in record.getMessage()
