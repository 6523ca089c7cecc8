"""Tool keys: delayed rotation, pruning, a public-only JWKS, private files 0600."""

from __future__ import annotations

import stat
from pathlib import Path

import jwt
from flask import Flask
from flask.testing import FlaskCliRunner

from lti_app.lti import keys
from tests.support.launcher import Launcher

PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}


def _signing_kid(app: Flask) -> str:
    with app.app_context():
        token = keys.sign({"iss": "WUiumDzTU0rgVYE", "aud": "https://lms.example.test"})
    return str(jwt.get_unverified_header(token)["kid"])


def _published(app: Flask) -> list[str]:
    return [key["kid"] for key in app.test_client().get("/lti/jwks").get_json()["keys"]]


def _invoke(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_rotate_after_zero_signs_with_the_new_key_and_keeps_the_old_published(
    app: Flask, runner: FlaskCliRunner
) -> None:
    old = _signing_kid(app)
    output = _invoke(runner, "keys", "rotate", "--after", "0")
    new = _signing_kid(app)
    assert new != old
    assert new in output
    assert set(_published(app)) == {old, new}


def test_rotate_with_the_default_delay_publishes_at_once_but_keeps_signing(
    app: Flask, runner: FlaskCliRunner
) -> None:
    old = _signing_kid(app)
    _invoke(runner, "keys", "rotate")
    assert _signing_kid(app) == old
    assert len(_published(app)) == 2
    listing = _invoke(runner, "keys", "list")
    assert f"{old}\tsigning" in listing
    assert "pending" in listing


def test_prune_removes_only_retired_keys_and_their_files(
    app: Flask, runner: FlaskCliRunner
) -> None:
    retired = _signing_kid(app)
    _invoke(runner, "keys", "rotate", "--after", "0")
    signing = _signing_kid(app)
    _invoke(runner, "keys", "rotate")  # a pending key
    key_dir = Path(app.config["CARTABLE_DATA_DIR"]) / "keys"
    assert (key_dir / f"{retired}.pem").exists()
    output = _invoke(runner, "keys", "prune", "--older-than", "0")
    assert retired in output
    published = _published(app)
    assert retired not in published
    assert signing in published
    assert len(published) == 2
    assert not (key_dir / f"{retired}.pem").exists()
    assert (key_dir / f"{signing}.pem").exists()
    assert _signing_kid(app) == signing


def test_prune_keeps_keys_retired_more_recently_than_asked(
    app: Flask, runner: FlaskCliRunner
) -> None:
    retired = _signing_kid(app)
    _invoke(runner, "keys", "rotate", "--after", "0")
    assert "removed 0 key(s)" in _invoke(runner, "keys", "prune", "--older-than", "1")
    assert retired in _published(app)


def test_jwks_lists_public_rs256_signing_keys_only(app: Flask) -> None:
    response = app.test_client().get("/lti/jwks")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    for key in response.get_json()["keys"]:
        assert key["kty"] == "RSA"
        assert key["alg"] == "RS256"
        assert key["use"] == "sig"
        assert key["kid"]
        assert not PRIVATE_MEMBERS & set(key)


def test_tool_jwt_verifies_against_the_published_jwks(app: Flask) -> None:
    with app.app_context():
        token = keys.sign({"iss": "WUiumDzTU0rgVYE", "aud": "https://lms.example.test"})
    jwks = jwt.PyJWKSet.from_dict(app.test_client().get("/lti/jwks").get_json())
    key = jwks[jwt.get_unverified_header(token)["kid"]]
    claims = jwt.decode(
        token, key, algorithms=["RS256"], audience="https://lms.example.test"
    )
    assert claims["iss"] == "WUiumDzTU0rgVYE"


def test_private_key_file_is_0600_and_never_served(
    app: Flask, launcher: Launcher
) -> None:
    kid = _signing_kid(app)
    path = Path(app.config["CARTABLE_DATA_DIR"]) / "keys" / f"{kid}.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    pem = path.read_text()
    body = "".join(line for line in pem.splitlines() if "PRIVATE KEY" not in line)
    launch = launcher.launch()
    pages = [
        launch,
        launcher.client.get(launch.location),
        launcher.client.get("/lti/jwks"),
    ]
    for response in pages:
        text = response.get_data(as_text=True).replace("\\n", "")
        assert body[:64] not in text
        assert "PRIVATE KEY" not in text
