"""An independent Moodle-like AGS and NRPS platform over real HTTP (PyJWT only).

It behaves as shared/lti/MOODLE.md says Moodle 4.5 does, and knows nothing of the
tool's code: the token endpoint verifies the client assertion with the tool's JWKS
downloaded over HTTP; ``lineitems`` lists every item of the tool in the course and
ignores filters; scores need ``application/vnd.ims.lis.v1.score+json``, a
timestamp newer than the stored one at one-second resolution (else 409 ``[]``), a
gradable user (else 400); any gradingProgress but FullyGraded clears the grade.
"""

from __future__ import annotations

import json
import secrets
import threading
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt

from tests.support.ags_services import (
    HTML_404,
    ITEM,
    AgsServices,
    LineItem,
    Reply,
    json_reply,
)

AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
AGS_SCOPES = [AGS + "lineitem", AGS + "lineitem.readonly", AGS + "result.readonly"]
AGS_SCOPES.append(AGS + "score")
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class Call:
    """One request the platform received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    status: int = 0


class AgsPlatform(AgsServices):
    """The platform's service side; tests read and change its state directly."""

    def __init__(
        self, client_id: str, tool_jwks_url: str, course: str = "2", type_id: str = "1"
    ) -> None:
        self.client_id = client_id
        self.tool_jwks_url = tool_jwks_url
        self.course = course
        self.type_id = type_id
        self.items: dict[int, LineItem] = {}
        self.members: list[dict[str, Any]] = []
        self.allowed_scopes = {*AGS_SCOPES, NRPS_SCOPE}
        self.tokens: dict[str, set[str]] = {}
        self.assertions: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.calls: list[Call] = []
        self.down = False
        self.token_html_404 = False
        self.page_size: int | None = None
        self.expires_in = 3600
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            daemon=True,
        )
        self._thread.start()

    # -- addresses and claims -------------------------------------------------
    @property
    def token_url(self) -> str:
        return self.url + "/mod/lti/token.php"

    @property
    def lineitems_url(self) -> str:
        return f"{self.url}/mod/lti/services.php/{self.course}/lineitems?type_id={self.type_id}"

    @property
    def memberships_url(self) -> str:
        base = f"{self.url}/mod/lti/services.php/CourseSection/{self.course}"
        return base + f"/bindings/{self.type_id}/memberships"

    def lineitem_url(self, item_id: int) -> str:
        base = f"{self.url}/mod/lti/services.php/{self.course}/lineitems/{item_id}"
        return base + f"/lineitem?type_id={self.type_id}"

    def ags_claim(self, lineitem: int | None = None) -> dict[str, Any]:
        claim: dict[str, Any] = {"lineitems": self.lineitems_url, "scope": AGS_SCOPES}
        if lineitem is not None:
            claim["lineitem"] = self.lineitem_url(lineitem)
        return claim

    def nrps_claim(self) -> dict[str, Any]:
        return {
            "context_memberships_url": self.memberships_url,
            "service_versions": ["1.0", "2.0"],
        }

    def add_line_item(self, label: str, score_maximum: float, **kw: Any) -> LineItem:
        with self._lock:
            item = LineItem(len(self.items) + 2, label, score_maximum, **kw)
            self.items[item.id] = item
        return item

    def add_member(self, user_id: str, role: str = "Learner", **kw: Any) -> None:
        row = {"status": "Active", "roles": [role], "user_id": user_id, **kw}
        self.members.append(row)

    def scores(self) -> list[Call]:
        """Every score POST received, in order."""
        return [c for c in self.calls if c.path.endswith("/scores")]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- HTTP ---------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                owner._serve(self, "GET")

            def do_POST(self) -> None:
                owner._serve(self, "POST")

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        call = Call(
            method,
            parts.path,
            {k: v[0] for k, v in parse_qs(parts.query).items()},
            {k.lower(): v for k, v in handler.headers.items()},
            raw.decode(errors="replace"),
        )
        with self._lock:
            self.calls.append(call)
            status, headers, body = self._route(call)
            call.status = status
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _route(self, call: Call) -> Reply:
        if self.down:
            return 503, {"Content-Type": "text/html"}, b"<html>Maintenance</html>"
        if call.path == "/mod/lti/token.php" and call.method == "POST":
            return self._token(call)
        item_match = ITEM.match(call.path)
        if call.path.endswith("/memberships") and call.method == "GET":
            return self._authorised(call, NRPS_SCOPE, self._memberships)
        if call.path == f"/mod/lti/services.php/{self.course}/lineitems":
            if call.method == "POST":
                return self._authorised(call, AGS + "lineitem", self._create)
            return self._authorised(call, AGS + "lineitem.readonly", self._list)
        if item_match and item_match.group(3) == "/scores" and call.method == "POST":
            return self._authorised(call, AGS + "score", self._score)
        if item_match and item_match.group(3) == "/results":
            return self._authorised(call, AGS + "result.readonly", self._results)
        if item_match and item_match.group(3) is None:
            return self._authorised(call, AGS + "lineitem.readonly", self._get_item)
        return 404, {"Content-Type": "text/html"}, HTML_404

    # -- token endpoint -------------------------------------------------------
    def _token(self, call: Call) -> Reply:
        if self.token_html_404:  # Moodle's cURL blocking the tool's JWKS URL
            return 404, {"Content-Type": "text/html; charset=utf-8"}, HTML_404
        if not call.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            return json_reply(400, {"error": "invalid_request"})
        form = {k: v[0] for k, v in parse_qs(call.body).items()}
        if (
            form.get("grant_type") != "client_credentials"
            or form.get("client_assertion_type") != ASSERTION_TYPE
        ):
            return json_reply(400, {"error": "unsupported_grant_type"})
        try:
            header, claims = self._verify(form.get("client_assertion", ""))
        except (jwt.InvalidTokenError, KeyError, ValueError, OSError) as exc:
            return json_reply(400, {"error": "invalid_client", "reason": str(exc)})
        self.assertions.append((header, claims))
        asked = set(form.get("scope", "").split())
        granted = asked & self.allowed_scopes
        if not granted:
            return json_reply(400, {"error": "invalid_scope"})
        token = secrets.token_hex(16)
        self.tokens[token] = granted
        return json_reply(
            200,
            {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": self.expires_in,
                "scope": " ".join(sorted(granted)),
            },
        )

    def _verify(self, assertion: str) -> tuple[dict[str, Any], dict[str, Any]]:
        header = jwt.get_unverified_header(assertion)
        with urllib.request.urlopen(self.tool_jwks_url, timeout=5) as answer:  # noqa: S310
            keys = json.loads(answer.read())["keys"]
        jwk = next(k for k in keys if k["kid"] == header["kid"])
        key = jwt.PyJWK(jwk, algorithm="RS256")
        # Moodle checks neither aud nor jti: the tests check what was sent.
        claims = jwt.decode(
            assertion,
            key,
            algorithms=["RS256"],
            options={"verify_aud": False, "require": ["iss", "sub", "exp", "iat"]},
        )
        if claims["sub"] != self.client_id:
            raise ValueError("sub is not the client id")
        return header, claims

    def _authorised(self, call: Call, scope: str, action: Any) -> Reply:
        auth = call.headers.get("authorization", "")
        granted = self.tokens.get(auth.removeprefix("Bearer "))
        if granted is None or not auth.startswith("Bearer "):
            return json_reply(401, {"error": "invalid_token"})
        if scope not in granted and not (
            scope == AGS + "lineitem.readonly" and AGS + "lineitem" in granted
        ):
            return json_reply(401, {"error": "insufficient_scope"})
        result: Reply = action(call)
        return result
