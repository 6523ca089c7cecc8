"""Each claim check: one change to a launch that succeeds, one reason code."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.launcher import Launcher, reason
from tests.support.platform import LTI

CLIENT = "WUiumDzTU0rgVYE"  # the client id of the ``platform`` fixture
Change = Callable[[int], dict[str, Any]]


def _claims(**changes: Any) -> Change:
    return lambda now: changes


REFUSED: list[tuple[str, Change, int, str]] = [
    ("expired", lambda now: {"iat": now - 300, "exp": now - 120}, 401, "token-expired"),
    (
        "iat-in-the-future",
        lambda now: {"iat": now + 120, "exp": now + 180},
        401,
        "token-future",
    ),
    ("no-exp", _claims(exp=None), 401, "missing-time-claims"),
    ("no-iat", _claims(iat=None), 401, "missing-time-claims"),
    ("iat-not-a-number", _claims(iat="yesterday"), 400, "invalid-claims"),
    ("exp-not-a-number", _claims(exp="tomorrow"), 400, "invalid-claims"),
    (
        "iat-too-old",
        lambda now: {"iat": now - 4000, "exp": now + 60},
        401,
        "token-too-old",
    ),
    ("aud-another-client", _claims(aud="another-client"), 401, "wrong-audience"),
    ("aud-not-a-string", _claims(aud=12345), 401, "wrong-audience"),
    ("aud-list-without-azp", _claims(aud=[CLIENT, "other"]), 401, "azp-missing"),
    (
        "azp-another-client",
        _claims(aud=[CLIENT, "other"], azp="other"),
        401,
        "azp-mismatch",
    ),
    ("azp-differs-from-aud", _claims(azp="other"), 401, "azp-mismatch"),
    (
        "iss-unregistered",
        _claims(iss="https://other-lms.example.test"),
        400,
        "unknown-issuer",
    ),
    (
        "nonce-not-issued",
        _claims(nonce="a-nonce-cartable-never-issued"),
        401,
        "nonce-unknown",
    ),
    ("no-nonce", _claims(nonce=None), 401, "nonce-missing"),
    (
        "deployment-unregistered",
        _claims(**{LTI + "deployment_id": "99"}),
        403,
        "deployment-unknown",
    ),
    (
        "no-deployment",
        _claims(**{LTI + "deployment_id": None}),
        403,
        "deployment-unknown",
    ),
    ("version-1.1", _claims(**{LTI + "version": "1.1.0"}), 400, "bad-version"),
    ("no-version", _claims(**{LTI + "version": None}), 400, "bad-version"),
    (
        "no-message-type",
        _claims(**{LTI + "message_type": None}),
        400,
        "missing-message-type",
    ),
    (
        "unknown-message-type",
        _claims(**{LTI + "message_type": "LtiFooRequest"}),
        400,
        "unknown-message-type",
    ),
    ("no-roles", _claims(**{LTI + "roles": None}), 400, "missing-roles"),
    ("roles-not-a-list", _claims(**{LTI + "roles": "Learner"}), 400, "missing-roles"),
    ("no-sub", _claims(sub=None), 400, "missing-sub"),
    ("no-context", _claims(**{LTI + "context": None}), 400, "missing-context"),
    ("context-not-an-object", _claims(**{LTI + "context": "2"}), 400, "invalid-claims"),
    (
        "no-resource-link",
        _claims(**{LTI + "resource_link": None}),
        400,
        "missing-resource-link",
    ),
    (
        "resource-link-without-id",
        _claims(**{LTI + "resource_link": {"title": "x"}}),
        400,
        "missing-resource-link",
    ),
    (
        "resource-link-not-an-object",
        _claims(**{LTI + "resource_link": "1"}),
        400,
        "invalid-claims",
    ),
    (
        "custom-not-an-object",
        _claims(**{LTI + "custom": "chapter=2"}),
        400,
        "invalid-claims",
    ),
    (
        "presentation-not-an-object",
        _claims(**{LTI + "launch_presentation": "iframe"}),
        400,
        "invalid-claims",
    ),
]

ACCEPTED: list[tuple[str, Change]] = [
    ("unmodified", _claims()),
    ("within-leeway", lambda now: {"iat": now + 30, "exp": now - 30}),
    ("aud-list-with-azp-us", _claims(aud=[CLIENT, "other"], azp=CLIENT)),
    ("aud-list-of-us-alone", _claims(aud=[CLIENT])),
    ("empty-roles", _claims(**{LTI + "roles": []})),
    (
        "no-optional-claims",
        _claims(
            name=None,
            given_name=None,
            family_name=None,
            email=None,
            **{LTI + "launch_presentation": None, LTI + "custom": None},
        ),
    ),
]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        pytest.param(change, status, code, id=name)
        for name, change, status, code in REFUSED
    ],
)
def test_refused(launcher: Launcher, change: Change, status: int, code: str) -> None:
    response = launcher.launch(**change(int(time.time())))
    assert (response.status_code, reason(response)) == (status, code)
    assert "eyJ" not in response.text  # the id_token is never echoed


@pytest.mark.parametrize(
    "change", [pytest.param(change, id=name) for name, change in ACCEPTED]
)
def test_accepted(launcher: Launcher, change: Change) -> None:
    response = launcher.launch(**change(int(time.time())))
    assert response.status_code == 303, response.text
    assert response.location.startswith("/course/?ltik=")


def test_refusal_answers_json_when_asked(launcher: Launcher) -> None:
    login = launcher.login()
    token = launcher.platform.sign(launcher.platform.claims(login.nonce, aud="x"))
    response = launcher.client.post(
        "/lti/launch",
        data={"id_token": token, "state": login.state},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 401
    assert response.get_json()["error"] == "wrong-audience"
    assert token not in response.text
