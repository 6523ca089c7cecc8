"""Drive the real OIDC exchange against the tool: login, continue, launch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.platform import Platform


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

    def login(self, **overrides: Any) -> Login:
        """POST the login, follow to the platform redirect, return state and nonce."""
        response = self.client.post("/lti/login", data=self.login_params(**overrides))
        assert response.status_code == 303, response.text
        onward = self.client.get(response.location)
        assert onward.status_code == 303, onward.text
        query = {k: v[0] for k, v in parse_qs(urlsplit(onward.location).query).items()}
        return Login(query["state"], query["nonce"], query)

    def post(self, id_token: str | None, state: str | None) -> TestResponse:
        """POST the form the platform auto-submits to the tool."""
        form = {k: v for k, v in (("id_token", id_token), ("state", state)) if v is not None}
        return self.client.post("/lti/launch", data=form)

    def launch(self, **claims: Any) -> TestResponse:
        """A whole launch; claim overrides as in :meth:`Platform.claims`."""
        login = self.login()
        token = self.platform.sign(self.platform.claims(login.nonce, **claims))
        return self.post(token, login.state)

    def launch_token(self, **claims: Any) -> str:
        """Launch and return the ``ltik`` the tool handed back."""
        response = self.launch(**claims)
        assert response.status_code == 303, response.text
        return parse_qs(urlsplit(response.location).query)["ltik"][0]
