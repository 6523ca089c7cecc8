"""Request ids: from the proxy when safe, else made; in the response and every line."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.launcher import Launcher

HEX32 = re.compile(r"[0-9a-f]{32}")
log = logging.getLogger("lti_app.tests")


def test_the_proxys_id_is_kept(client: FlaskClient) -> None:
    response = client.get(
        "/ping", headers={"X-Request-Id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}
    )
    assert response.headers["X-Request-Id"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param(None, id="absent"),
        pytest.param("", id="empty"),
        pytest.param("x" * 65, id="too-long"),
        pytest.param("abc def;Set-Cookie=a", id="spaces-and-separators"),
        pytest.param("<script>", id="unsafe-characters"),
    ],
)
def test_an_id_is_made_when_absent_or_unsafe(
    client: FlaskClient, sent: str | None
) -> None:
    headers = {} if sent is None else {"X-Request-Id": sent}
    first = client.get("/ping", headers=headers).headers["X-Request-Id"]
    second = client.get("/ping", headers=headers).headers["X-Request-Id"]
    assert HEX32.fullmatch(first)
    assert HEX32.fullmatch(second)
    assert first != second


def test_error_pages_carry_the_id(client: FlaskClient) -> None:
    response = client.get("/no/such/page", headers={"X-Request-Id": "req-404"})
    assert response.status_code == 404
    assert response.headers["X-Request-Id"] == "req-404"


def test_log_lines_carry_the_id(
    client: FlaskClient, launcher: Launcher, capsys: pytest.CaptureFixture[str]
) -> None:
    login = launcher.login()
    capsys.readouterr()
    response = launcher.client.post(
        "/lti/launch", data={"id_token": "x.y.z", "state": login.state},
        headers={"X-Request-Id": "proxy-id-123"},
    )  # fmt: skip
    assert response.headers["X-Request-Id"] == "proxy-id-123"
    lines = [
        line for line in capsys.readouterr().err.splitlines() if "lti refused" in line
    ]
    assert len(lines) == 1
    assert "[proxy-id-123]" in lines[0]
    assert login.state not in lines[0]


def test_lines_outside_a_request_say_so(
    app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    log.warning("hors requête")
    assert "[-] hors requête" in capsys.readouterr().err


def test_json_lines_parse_and_stay_redacted(
    make_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(CARTABLE_LOG_FORMAT="json")
    with app.test_request_context("/x", headers={"X-Request-Id": "json-1"}):
        app.preprocess_request()
        log.info("redirect to /course/?ltik=s3cr3t.ltik&x=1 «\u00a0é\u00a0»")
        try:
            raise ValueError("id_token=eyJ.secret.sig")
        except ValueError:
            log.exception("failed with state=st4te")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [entry["request_id"] for entry in lines] == ["json-1", "json-1"]
    assert lines[0]["level"] == "INFO"
    assert lines[0]["logger"] == "lti_app.tests"
    assert (
        lines[0]["message"]
        == "redirect to /course/?ltik=[redacted]&x=1 «\u00a0é\u00a0»"
    )
    assert lines[1]["message"] == "failed with state=[redacted]"
    assert "id_token=[redacted]" in lines[1]["exception"]
    text = json.dumps(lines)
    for secret in ("s3cr3t", "eyJ.secret", "st4te"):
        assert secret not in text


def test_the_format_is_checked(make_app: Callable[..., Flask]) -> None:
    from lti_app.settings import SettingsError

    with pytest.raises(SettingsError, match="CARTABLE_LOG_FORMAT"):
        make_app(CARTABLE_LOG_FORMAT="xml")
