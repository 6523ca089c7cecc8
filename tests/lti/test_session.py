"""The launch token (ltik): where it may travel, how it expires, how it renews."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.conftest import TEST_SECRET
from tests.support.launcher import Launcher, reason
from tests.support.platform import INSTRUCTOR_ROLES, LTI

TITLE = "Coordination et partenariats"


class _TwoHoursAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 7200


def _expired(token: str) -> str:
    """The same launch, signed with a timestamp two hours old."""
    launch_id = URLSafeTimedSerializer(TEST_SECRET, salt="cartable-launch").loads(token)
    old = URLSafeTimedSerializer(
        TEST_SECRET, salt="cartable-launch", signer=_TwoHoursAgo
    )
    return str(old.dumps(launch_id))


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    assert found, f"no hidden field {name}"
    return found.group(1)


def test_token_in_the_query(launcher: Launcher, app: Flask) -> None:
    token = launcher.launch_token()
    bare = app.test_client(use_cookies=False)
    assert TITLE in bare.get(f"/course/?ltik={token}").text
    assert bare.get("/course/").status_code == 401


def test_token_in_an_authorization_header(launcher: Launcher, app: Flask) -> None:
    token = launcher.launch_token()
    bare = app.test_client(use_cookies=False)
    page = bare.get("/course/", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 200
    assert TITLE in page.text


def test_token_in_a_form_field(launcher: Launcher, app: Flask) -> None:
    """A cookie-less browser: the members form carries the token and the CSRF token."""
    launcher.launch_token(sub="5", name="Alex Learner")
    token = launcher.launch_token(sub="3", **{LTI + "roles": INSTRUCTOR_ROLES})
    bare = app.test_client(use_cookies=False)
    page = bare.get(f"/course/members?ltik={token}").text
    action = re.search(r'<form method="post" action="([^"]+)"', page)
    assert action
    form = {name: _hidden(page, name) for name in ("ltik", "csrf_token", "grant")}
    response = bare.post(action.group(1), data=form)
    assert response.status_code == 303, response.text
    assert "assistant·e" in bare.get(response.location).text


def test_tampered_token_is_session_expired(launcher: Launcher, app: Flask) -> None:
    token = launcher.launch_token()
    bare = app.test_client(use_cookies=False)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "garbage"):
        response = bare.get(f"/course/?ltik={bad}")
        assert (response.status_code, reason(response)) == (401, "session-expired")


def test_expired_token_is_session_expired(launcher: Launcher, app: Flask) -> None:
    token = launcher.launch_token()
    bare = app.test_client(use_cookies=False)
    response = bare.get(f"/course/?ltik={_expired(token)}")
    assert (response.status_code, reason(response)) == (401, "session-expired")


def test_expired_token_on_a_post_gives_back_what_was_typed(
    launcher: Launcher, app: Flask
) -> None:
    token = launcher.launch_token(sub="3", **{LTI + "roles": INSTRUCTOR_ROLES})
    bare = app.test_client(use_cookies=False)
    typed = "Ma réponse longue & soignée <sur> deux lignes\nfin."
    response = bare.post(
        "/course/members/1/assistant",
        data={"ltik": _expired(token), "csrf_token": "whatever", "answer": typed},
    )
    assert (response.status_code, reason(response)) == (401, "session-expired")
    assert "<textarea" in response.text
    assert _expired(token)[:20] not in response.text  # hidden fields are not given back
    assert (
        "Ma réponse longue &amp; soignée &lt;sur&gt; deux lignes\nfin." in response.text
    )


def test_renew_needs_the_authorization_header(launcher: Launcher, app: Flask) -> None:
    token = launcher.launch_token()
    bare = app.test_client(use_cookies=False)
    refused = bare.post(f"/lti/session/renew?ltik={token}")
    assert (refused.status_code, reason(refused)) == (401, "session-expired")
    renewed = bare.post(
        "/lti/session/renew",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    assert renewed.status_code == 200
    fresh = renewed.get_json()["token"]
    assert fresh
    assert TITLE in bare.get(f"/course/?ltik={fresh}").text


def test_renew_refuses_an_expired_token(launcher: Launcher, app: Flask) -> None:
    token = _expired(launcher.launch_token())
    response = app.test_client(use_cookies=False).post(
        "/lti/session/renew", headers={"Authorization": f"Bearer {token}"}
    )
    assert (response.status_code, reason(response)) == (401, "session-expired")


def test_token_of_one_app_secret_is_refused_by_another(
    launcher: Launcher, make_app: Callable[..., Flask]
) -> None:
    token = launcher.launch_token()
    other = make_app(SECRET_KEY="another-secret-key-that-is-long-enough-000")
    response = other.test_client().get(f"/course/?ltik={token}")
    assert (response.status_code, reason(response)) == (401, "session-expired")


def test_pages_without_a_token_are_session_missing(client: FlaskClient) -> None:
    for path in ("/course/", "/course/members"):
        response = client.get(path)
        assert (response.status_code, reason(response)) == (401, "session-missing")
