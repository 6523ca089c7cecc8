"""A platform double for Dynamic Registration, over real HTTP on 127.0.0.1.

It serves an OpenID configuration shaped like Moodle 4.5's and a registration
endpoint that checks the request as Moodle does (``mod/lti/openid-registration.php``):
a single-use bearer token, ``token_endpoint_auth_method`` ``private_key_jwt``, and
``domain`` and ``target_link_uri`` in the tool configuration.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CONFIG_PATH = "/mod/lti/openid-configuration.php"
REGISTER_PATH = "/mod/lti/openid-registration.php"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"


@dataclass
class RegistrationPlatform:
    """What the double serves, what it received, and how it misbehaves on demand."""

    url: str = ""
    issuer: str | None = None  # None: the base URL, as Moodle's wwwroot
    delay: float = 0.0
    messages_as_objects: bool = False
    config_overrides: dict[str, Any] = field(default_factory=dict)
    fixed_client_id: str | None = None
    tokens: set[str] = field(default_factory=set)
    used_tokens: set[str] = field(default_factory=set)
    registrations: list[dict[str, Any]] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    next_deployment: int = 2

    @property
    def configuration_url(self) -> str:
        return self.url + CONFIG_PATH

    def new_token(self) -> str:
        token = secrets.token_urlsafe(16)
        self.tokens.add(token)
        return token

    def configuration(self) -> dict[str, Any]:
        base = self.url
        resource = "LtiResourceLinkRequest"
        deep = {"type": "LtiDeepLinkingRequest", "placements": ["ContentArea"]}
        messages: list[Any] = (
            [{"type": resource}, deep]
            if self.messages_as_objects
            else [resource, "LtiDeepLinkingRequest"]
        )
        document: dict[str, Any] = {
            "issuer": self.issuer if self.issuer is not None else base,
            "token_endpoint": base + "/mod/lti/token.php",
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "jwks_uri": base + "/mod/lti/certs.php",
            "authorization_endpoint": base + "/mod/lti/auth.php",
            "registration_endpoint": base + REGISTER_PATH,
            "scopes_supported": ["openid"],
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public", "pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "claims_supported": ["sub", "iss", "name", "given_name", "family_name"],
            PLATFORM_CONFIGURATION: {
                "product_family_code": "moodle",
                "version": "4.5.6 (Build: 20250811)",
                "messages_supported": messages,
                "variables": [],
            },
        }
        for name, value in self.config_overrides.items():
            if value is None:
                document.pop(name, None)
            else:
                document[name] = value
        return document

    def register(self, token: str, body: Any) -> tuple[int, dict[str, Any]]:
        """Moodle's checks, in Moodle's order; returns (status, answer)."""
        if token not in self.tokens:
            return self._refuse(401, "invalid_token")
        if token in self.used_tokens:
            return self._refuse(401, "token_already_used")
        if not isinstance(body, dict):
            return self._refuse(400, "invalid_request")
        if body.get("token_endpoint_auth_method") != "private_key_jwt":
            return self._refuse(400, "invalid_client_metadata")
        tool = body.get(TOOL_CONFIGURATION)
        if not isinstance(tool, dict) or not tool.get("domain"):
            return self._refuse(400, "missing_domain")
        if not tool.get("target_link_uri"):
            return self._refuse(400, "missing_target_link_uri")
        self.used_tokens.add(token)
        self.registrations.append(body)
        deployment = str(self.next_deployment)
        self.next_deployment += 1
        client_id = self.fixed_client_id or secrets.token_urlsafe(11)[:15]
        answer = {
            **{k: v for k, v in body.items() if k != TOOL_CONFIGURATION},
            "client_id": client_id,
            TOOL_CONFIGURATION: {
                **tool,
                "version": "1.3.0",
                "deployment_id": deployment,
            },
        }
        return 200, answer

    def _refuse(self, status: int, error: str) -> tuple[int, dict[str, Any]]:
        self.refusals.append(error)
        return status, {"error": error}


def _handler(platform: RegistrationPlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, document: Any) -> None:
            body = json.dumps(document).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the tool gave up waiting (the timeout test)

        def do_GET(self) -> None:
            time.sleep(platform.delay)
            if self.path.split("?")[0] != CONFIG_PATH:
                self._answer(404, {"error": "not found"})
                return
            self._answer(200, platform.configuration())

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else ""
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            if self.headers.get("Content-Type") != "application/json":
                body = None
            self._answer(*platform.register(token, body))

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def registration_platform(host: str = "127.0.0.1") -> Iterator[RegistrationPlatform]:
    """Serve a registration double for the duration of the block."""
    platform = RegistrationPlatform()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(platform))
    platform.url = f"http://{host}:{server.server_port}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()
