"""The ``flask platforms`` and ``flask store`` commands: clean results, clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from lti_app.lti import registry

ISSUER = "https://moodle.univ.example.test"


def _add(runner: FlaskCliRunner, client_id: str, *deployments: str) -> Result:
    args = [
        "platforms",
        "add",
        "--issuer",
        ISSUER,
        "--client-id",
        client_id,
        "--auth-login-url",
        f"{ISSUER}/mod/lti/auth.php",
        "--auth-token-url",
        f"{ISSUER}/mod/lti/token.php",
        "--keyset-url",
        f"{ISSUER}/mod/lti/certs.php",
    ]
    for deployment in deployments:
        args += ["--deployment-id", deployment]
    return runner.invoke(args=args)


def _clean_failure(result: Result) -> None:
    """Exit code 1 from a ClickException: a message, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")


def _registrations(app: Flask) -> dict[tuple[str, str], tuple[bool, list[str]]]:
    with app.app_context():
        return {
            (p.issuer, p.client_id): (
                p.active,
                [d.deployment_id for d in p.deployments],
            )
            for p in registry.list_platforms()
        }


def test_one_issuer_several_clients_several_deployments(
    app: Flask, runner: FlaskCliRunner
) -> None:
    assert _add(runner, "client-a", "1", "2").exit_code == 0
    assert _add(runner, "client-b", "7").exit_code == 0
    result = _add(runner, "client-a", "2", "3")  # adds the new deployment only
    assert result.exit_code == 0
    assert "(1, 2, 3)" in result.output
    assert _registrations(app) == {
        (ISSUER, "client-a"): (True, ["1", "2", "3"]),
        (ISSUER, "client-b"): (True, ["7"]),
    }
    listing = runner.invoke(args=["platforms", "list"]).output
    assert f"{ISSUER}\tclient-a\tactive\tdeployments=1,2,3" in listing
    assert f"{ISSUER}\tclient-b\tactive\tdeployments=7" in listing


def test_list_when_empty(runner: FlaskCliRunner) -> None:
    assert runner.invoke(args=["platforms", "list"]).output == "no registration\n"


def test_deactivate_activate_remove(app: Flask, runner: FlaskCliRunner) -> None:
    _add(runner, "client-a", "1")
    who = ["--issuer", ISSUER, "--client-id", "client-a"]
    assert runner.invoke(args=["platforms", "deactivate", *who]).exit_code == 0
    assert _registrations(app)[(ISSUER, "client-a")][0] is False
    assert "INACTIVE" in runner.invoke(args=["platforms", "list"]).output
    assert runner.invoke(args=["platforms", "activate", *who]).exit_code == 0
    assert _registrations(app)[(ISSUER, "client-a")][0] is True
    assert runner.invoke(args=["platforms", "remove", *who]).exit_code == 0
    assert _registrations(app) == {}


@pytest.mark.parametrize("command", ["remove", "deactivate", "activate"])
def test_unknown_registration_is_a_clean_error(
    runner: FlaskCliRunner, command: str
) -> None:
    result = runner.invoke(
        args=["platforms", command, "--issuer", ISSUER, "--client-id", "nobody"]
    )
    _clean_failure(result)
    assert "no registration" in result.output


@pytest.mark.parametrize(
    ("option", "value"),
    [("--issuer", "not a url"), ("--keyset-url", "ftp://x.example.test/certs")],
)
def test_add_with_a_bad_url_is_a_clean_error(
    runner: FlaskCliRunner, option: str, value: str
) -> None:
    args = [
        "platforms",
        "add",
        "--issuer",
        ISSUER,
        "--client-id",
        "c",
        "--auth-login-url",
        f"{ISSUER}/auth",
        "--auth-token-url",
        f"{ISSUER}/token",
        "--keyset-url",
        f"{ISSUER}/certs",
        "--deployment-id",
        "1",
    ]
    args[args.index(option) + 1] = value
    _clean_failure(runner.invoke(args=args))


PYLTI1P3_CONFIG = {
    ISSUER: [
        {
            "default": True,
            "client_id": "client-a",
            "auth_login_url": f"{ISSUER}/mod/lti/auth.php",
            "auth_token_url": f"{ISSUER}/mod/lti/token.php",
            "auth_audience": None,
            "key_set_url": f"{ISSUER}/mod/lti/certs.php",
            "key_set": None,
            "private_key_file": "private.key",
            "public_key_file": "public.key",
            "deployment_ids": ["1", "2"],
        },
        {
            "client_id": "client-b",
            "auth_login_url": f"{ISSUER}/mod/lti/auth.php",
            "auth_token_url": f"{ISSUER}/mod/lti/token.php",
            "key_set_url": f"{ISSUER}/mod/lti/certs.php",
            "deployment_ids": [3],
        },
    ],
    "https://canvas.example.test": {
        "client_id": "10000000000001",
        "auth_login_url": "https://canvas.example.test/api/lti/authorize_redirect",
        "auth_token_url": "https://canvas.example.test/login/oauth2/token",
        "key_set_url": "https://canvas.example.test/api/lti/security/jwks",
        "deployment_ids": ["6:8865aa05b4b79b64a91a86042e43af5ea8ae79eb"],
    },
}


def test_import_a_pylti1p3_config(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "platforms.json"
    path.write_text(json.dumps(PYLTI1P3_CONFIG), encoding="utf-8")
    result = runner.invoke(args=["platforms", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 3 registration(s)" in result.output
    assert _registrations(app) == {
        (ISSUER, "client-a"): (True, ["1", "2"]),
        (ISSUER, "client-b"): (True, ["3"]),
        ("https://canvas.example.test", "10000000000001"): (
            True,
            ["6:8865aa05b4b79b64a91a86042e43af5ea8ae79eb"],
        ),
    }


def _entry(**changes: object) -> dict[str, object]:
    entry = dict(PYLTI1P3_CONFIG[ISSUER][1])  # type: ignore[index]
    entry.update(changes)
    return {key: value for key, value in entry.items() if value is not None}


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param("[1, 2]", id="not-an-object"),
        pytest.param(json.dumps({ISSUER: 5}), id="entry-a-number"),
        pytest.param(json.dumps({ISSUER: ["x"]}), id="entry-a-string"),
        pytest.param(json.dumps({ISSUER: [_entry(client_id=None)]}), id="no-client-id"),
        pytest.param(
            json.dumps({ISSUER: [_entry(key_set_url=None, key_set={"keys": []})]}),
            id="inline-key-set",
        ),
        pytest.param(
            json.dumps({ISSUER: [_entry(deployment_ids="12")]}),
            id="deployments-a-string",
        ),
        pytest.param(
            json.dumps({ISSUER: [_entry(deployment_ids=[])]}), id="no-deployment"
        ),
        pytest.param(
            json.dumps({ISSUER: [_entry(auth_login_url=5)]}), id="url-a-number"
        ),
        pytest.param(json.dumps({"not-a-url": [_entry()]}), id="issuer-not-a-url"),
    ],
)
def test_import_of_a_malformed_file_is_a_clean_error(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, content: str
) -> None:
    path = tmp_path / "platforms.json"
    path.write_text(content, encoding="utf-8")
    _clean_failure(runner.invoke(args=["platforms", "import", str(path)]))
    assert _registrations(app) == {}


def test_import_is_all_or_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    config = {
        ISSUER: [_entry(client_id="good"), _entry(client_id="bad", key_set_url="nope")]
    }
    path = tmp_path / "platforms.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    _clean_failure(runner.invoke(args=["platforms", "import", str(path)]))
    assert _registrations(app) == {}


def test_import_of_a_missing_file_is_a_clean_error(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(args=["platforms", "import", str(tmp_path / "absent.json")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_store_purge(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["store", "purge"])
    assert result.exit_code == 0
    assert result.output.startswith("purged ")
