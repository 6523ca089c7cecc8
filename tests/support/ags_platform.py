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
import re
import secrets
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from flask import Flask

from lti_app.lti import registry
from tests.support.live import LiveServer
from tests.support.platform import Platform

AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
AGS_SCOPES = [AGS + "lineitem", AGS + "lineitem.readonly", AGS + "result.readonly"]
AGS_SCOPES.append(AGS + "score")
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
NRPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
_ITEM = re.compile(r"^/mod/lti/services\.php/(\d+)/lineitems/(\d+)/lineitem(/\w+)?$")
_HTML_404 = b"<!DOCTYPE html><html><body><h1>Not found</h1></body></html>"


@dataclass
class LineItem:
    id: int
    label: str
    score_maximum: float
    resource_id: str = ""
    tag: str = ""
    resource_link_id: str = ""
    submission_review: dict[str, Any] | None = None
    # user id -> {"score": float | None, "timestamp": int, "comment": str}
    grades: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Call:
    """One request the platform received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    status: int = 0


class AgsPlatform:
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

    def _route(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        if self.down:
            return 503, {"Content-Type": "text/html"}, b"<html>Maintenance</html>"
        if call.path == "/mod/lti/token.php" and call.method == "POST":
            return self._token(call)
        item_match = _ITEM.match(call.path)
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
        return 404, {"Content-Type": "text/html"}, _HTML_404

    @staticmethod
    def _json(
        status: int, document: Any, **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        return (
            status,
            {"Content-Type": "application/json", **headers},
            json.dumps(document).encode(),
        )

    # -- token endpoint -------------------------------------------------------
    def _token(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        if self.token_html_404:  # Moodle's cURL blocking the tool's JWKS URL
            return 404, {"Content-Type": "text/html; charset=utf-8"}, _HTML_404
        if not call.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            return self._json(400, {"error": "invalid_request"})
        form = {k: v[0] for k, v in parse_qs(call.body).items()}
        if (
            form.get("grant_type") != "client_credentials"
            or form.get("client_assertion_type") != ASSERTION_TYPE
        ):
            return self._json(400, {"error": "unsupported_grant_type"})
        try:
            header, claims = self._verify(form.get("client_assertion", ""))
        except (jwt.InvalidTokenError, KeyError, ValueError, OSError) as exc:
            return self._json(400, {"error": "invalid_client", "reason": str(exc)})
        self.assertions.append((header, claims))
        asked = set(form.get("scope", "").split())
        granted = asked & self.allowed_scopes
        if not granted:
            return self._json(400, {"error": "invalid_scope"})
        token = secrets.token_hex(16)
        self.tokens[token] = granted
        return self._json(
            200,
            {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": 3600,
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

    def _authorised(
        self, call: Call, scope: str, action: Any
    ) -> tuple[int, dict[str, str], bytes]:
        auth = call.headers.get("authorization", "")
        granted = self.tokens.get(auth.removeprefix("Bearer "))
        if granted is None or not auth.startswith("Bearer "):
            return self._json(401, {"error": "invalid_token"})
        if scope not in granted and not (
            scope == AGS + "lineitem.readonly" and AGS + "lineitem" in granted
        ):
            return self._json(401, {"error": "insufficient_scope"})
        result: tuple[int, dict[str, str], bytes] = action(call)
        return result

    # -- line items -------------------------------------------------------------
    def _item_json(self, item: LineItem) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.lineitem_url(item.id),
            "label": item.label,
            "scoreMaximum": item.score_maximum,
            "resourceId": item.resource_id,
            "tag": item.tag,
        }
        if item.resource_link_id:
            data["resourceLinkId"] = item.resource_link_id
            data["ltiLinkId"] = item.resource_link_id
        if item.submission_review is not None:
            data["submissionReview"] = item.submission_review
        return data

    def _paged(
        self, call: Call, rows: list[Any], base: str
    ) -> tuple[list[Any], dict[str, str]]:
        limit = int(call.query.get("limit") or self.page_size or 0)
        start = int(call.query.get("from") or 0)
        if not limit:
            return rows, {}
        headers = {}
        if start + limit < len(rows):
            sep = "&" if "?" in base else "?"
            query = urlencode({"limit": limit, "from": start + limit})
            headers["Link"] = f'<{base}{sep}{query}>; rel="next"'
        return rows[start : start + limit], headers

    def _list(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        rows = [self._item_json(i) for i in self.items.values()]  # filters ignored
        page, headers = self._paged(call, rows, self.lineitems_url)
        return self._json(200, page, **headers)

    def _create(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        body = json.loads(call.body)
        if not body.get("label") or not float(body.get("scoreMaximum") or 0) > 0:
            return self._json(400, {"error": "invalid line item"})
        item = LineItem(
            len(self.items) + 2,
            body["label"],
            float(body["scoreMaximum"]),
            body.get("resourceId") or "",
            body.get("tag") or "",
            str(body.get("resourceLinkId") or ""),
            body.get("submissionReview"),
        )
        self.items[item.id] = item
        return self._json(201, self._item_json(item))

    def _get_item(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        item = self.items.get(int(_ITEM.match(call.path).group(2)))  # type: ignore[union-attr]
        if item is None:
            return 404, {"Content-Type": "text/html"}, _HTML_404
        return self._json(200, self._item_json(item))

    # -- scores and results -----------------------------------------------------
    def learner_ids(self) -> set[str]:
        return {
            m["user_id"]
            for m in self.members
            if "Learner" in m["roles"] and m["status"] == "Active"
        }

    def _score(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        item = self.items.get(int(_ITEM.match(call.path).group(2)))  # type: ignore[union-attr]
        if item is None:
            return 404, {"Content-Type": "text/html"}, _HTML_404
        if call.headers.get("content-type", "").split(";")[0] != SCORE_TYPE:
            return 400, {"Content-Type": "text/plain"}, b"Incorrect score received"
        try:
            body = json.loads(call.body)
            user, stamp = str(body["userId"]), body["timestamp"]
            progress = body["gradingProgress"]
            _ = body["activityProgress"]  # required, like Moodle
            seconds = int(datetime.fromisoformat(stamp).timestamp())
            given = body.get("scoreGiven")
            given = None if given is None else float(given)
        except (KeyError, ValueError, TypeError):
            return 400, {"Content-Type": "text/plain"}, b"Incorrect score received"
        if user not in self.learner_ids():
            return 400, {"Content-Type": "text/plain"}, b"Incorrect score received"
        stored = item.grades.get(user)
        if stored is not None and seconds <= stored["timestamp"]:
            return self._json(409, [])
        maximum = float(body.get("scoreMaximum") or 1)
        scaled = (
            given / maximum * item.score_maximum
            if progress == "FullyGraded" and given is not None
            else None  # Moodle clears the grade
        )
        item.grades[user] = {
            "score": scaled,
            "timestamp": seconds,
            "comment": body.get("comment"),
        }
        return 200, {"Content-Type": "text/plain"}, b""

    def _results(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        item = self.items.get(int(_ITEM.match(call.path).group(2)))  # type: ignore[union-attr]
        if item is None:
            return 404, {"Content-Type": "text/html"}, _HTML_404
        wanted = call.query.get("user_id")
        rows = [
            {
                "id": f"{self.lineitem_url(item.id)}&user={user}",
                "scoreOf": self.lineitem_url(item.id),
                "userId": user,
                "resultScore": grade["score"],
                "resultMaximum": item.score_maximum,
                "comment": grade["comment"],
            }
            for user, grade in item.grades.items()
            if wanted in (None, user) and grade["score"] is not None
        ]
        return self._json(200, rows)

    # -- NRPS -----------------------------------------------------------------
    def _memberships(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        if call.headers.get("accept") != NRPS_TYPE:
            return self._json(406, {"error": "unsupported Accept"})
        rows, headers = self._paged(call, list(self.members), self.memberships_url)
        document = {
            "id": self.memberships_url,
            "context": {"id": self.course, "label": "M1-POLSOC", "title": "Cours"},
            "members": rows,
        }
        return self._json(200, document, **headers)


# -- fixtures (a pytest plugin: tests/conftest.py lists this module) ------------
@pytest.fixture
def tool_server(app: Flask) -> Iterator[LiveServer]:
    """The tool served over real HTTP, so that the platform can fetch its JWKS."""
    with LiveServer() as server:
        server.serve(app)
        yield server


@pytest.fixture
def ags(
    app: Flask, platform: Platform, tool_server: LiveServer
) -> Iterator[AgsPlatform]:
    """The platform's AGS/NRPS side; the registration's token URL points at it.

    The roster: teacher 3 (Instructor), students 4, 5 and 6 (Learner).
    """
    double = AgsPlatform(platform.client_id, tool_server.url + "/lti/jwks")
    platform.auth_token_url = double.token_url
    with app.app_context():
        registry.add_platform(
            registry.RegistrationInput(
                issuer=platform.issuer,
                client_id=platform.client_id,
                auth_login_url=platform.auth_login_url,
                auth_token_url=double.token_url,
                keyset_url=platform.jwks.url,
                deployment_ids=(platform.deployment_id,),
            )
        )
    double.add_member("3", "Instructor", name="Mathilde Garnier")
    for sub, given, family in (
        ("4", "Inès", "Moreau"),
        ("5", "Yanis", "Belkacem"),
        ("6", "Léa", "Fontaine"),
    ):
        double.add_member(
            sub,
            name=f"{given} {family}",
            given_name=given,
            family_name=family,
            email=f"{given.lower()}.{family.lower()}@etu.example.test",
        )
    try:
        yield double
    finally:
        double.close()
