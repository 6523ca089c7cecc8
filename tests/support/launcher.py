"""Drive the real OIDC exchange against the tool: login, continue, launch."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.platform import LTI, Platform

_CODE = re.compile(r"<code>([^<]*)</code>")


def reason(response: TestResponse) -> str:
    """The reason code a refusal shows: ``<code>`` on the page, ``error`` in JSON."""
    if response.is_json:
        return str(response.get_json()["error"])
    found = _CODE.findall(response.text)
    assert len(found) == 1, f"expected one <code> element in: {response.text[:500]}"
    return found[0]


def ltik_of(response: TestResponse) -> str:
    """The launch token in a launch's 303 ``Location``."""
    return parse_qs(urlsplit(response.location).query)["ltik"][0]


@dataclass(frozen=True)
class Login:
    """What the tool sent the browser to the platform with."""

    state: str
    nonce: str
    query: dict[str, str]


class Launcher:
    """A browser between a test platform and the tool (the Flask test client)."""

    def __init__(self, client: FlaskClient, platform: Platform) -> None:
        self.client = client
        self.platform = platform

    def login_params(self, **overrides: Any) -> dict[str, str]:
        """Exactly Moodle's login initiation fields; ``None`` drops one."""
        params = {
            "iss": self.platform.issuer,
            "target_link_uri": "http://localhost/lti/launch",
            "login_hint": "4",
            "lti_message_hint": '{"cmid":2,"launchid":"ltilaunch1_368121321"}',
            "client_id": self.platform.client_id,
            "lti_deployment_id": self.platform.deployment_id,
        }
        for name, value in overrides.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        return params

    def start_login(self, method: str = "POST", **overrides: Any) -> TestResponse:
        """Only the first step: the login request as Moodle sends it (POST or GET)."""
        params = self.login_params(**overrides)
        if method == "GET":
            return self.client.get("/lti/login", query_string=params)
        return self.client.post("/lti/login", data=params)

    def login(self, method: str = "POST", **overrides: Any) -> Login:
        """Log in, follow to the platform redirect, return state and nonce."""
        response = self.start_login(method, **overrides)
        assert response.status_code == 303, response.text
        onward = self.client.get(response.location)
        assert onward.status_code == 303, onward.text
        query = {k: v[0] for k, v in parse_qs(urlsplit(onward.location).query).items()}
        return Login(query["state"], query["nonce"], query)

    def post(self, id_token: str | None, state: str | None) -> TestResponse:
        """POST the form the platform auto-submits to the tool."""
        form = {
            k: v for k, v in (("id_token", id_token), ("state", state)) if v is not None
        }
        return self.client.post("/lti/launch", data=form)

    def launch(self, **claims: Any) -> TestResponse:
        """A whole launch; claim overrides as in :meth:`Platform.claims`."""
        login = self.login()
        payload = self.platform.override(self.platform.claims(login.nonce), claims)
        return self.post(self.platform.sign(payload), login.state)

    def launch_token(self, **claims: Any) -> str:
        """Launch and return the ``ltik`` the tool handed back."""
        response = self.launch(**claims)
        assert response.status_code == 303, response.text
        return ltik_of(response)


def launch_over_http(platform: Platform, first: str, second: str, **claims: Any) -> str:
    """A launch over real HTTP: login on ``first``, continue and launch on ``second``
    (servers sharing one database); claim overrides as in :meth:`Platform.claims`.
    Return the ltik."""
    params = {
        "iss": platform.issuer,
        "login_hint": "4",
        "client_id": platform.client_id,
        "target_link_uri": first + "/lti/launch",
        "lti_deployment_id": "1",
        "lti_message_hint": '{"cmid":2,"launchid":"ltilaunch1_368121321"}',
    }
    login = requests.post(
        first + "/lti/login", data=params, allow_redirects=False, timeout=10
    )
    assert login.status_code == 303, login.text
    state = parse_qs(urlsplit(login.headers["Location"]).query)["state"][0]
    cookies = {f"lti_state_{state}": login.cookies[f"lti_state_{state}"]}
    onward = requests.get(
        second + f"/lti/login/continue?state={state}",
        cookies=cookies,
        allow_redirects=False,
        timeout=10,
    )
    assert onward.status_code == 303, onward.text
    query = parse_qs(urlsplit(onward.headers["Location"]).query)
    assert query["redirect_uri"] == [first + "/lti/launch"]
    target = {LTI + "target_link_uri": first + "/lti/launch"}
    token = platform.sign(platform.claims(query["nonce"][0], **{**target, **claims}))
    launch = requests.post(
        second + "/lti/launch",
        data={"id_token": token, "state": state},
        cookies=cookies,
        allow_redirects=False,
        timeout=10,
    )
    assert launch.status_code == 303, launch.text
    assert urlsplit(launch.headers["Location"]).path == "/course/"
    return parse_qs(urlsplit(launch.headers["Location"]).query)["ltik"][0]
