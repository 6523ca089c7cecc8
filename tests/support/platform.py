"""A test LTI platform: its own RS256 key, a JWKS served over real HTTP, and
id_tokens minted exactly as Moodle 4.5 sends them (see shared/lti/MOODLE.md)."""

from __future__ import annotations

import base64
import functools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTRUCTOR_ROLES = [MEMBERSHIP + "Instructor"]
LEARNER_ROLES = [MEMBERSHIP + "Learner"]
DEEP_LINKING_SETTINGS = (
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
)
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
AGS_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/"
ADMIN_ROLES = [
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
    MEMBERSHIP + "Instructor",
    "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
]


@functools.cache
def private_key(seed: str) -> rsa.RSAPrivateKey:
    """One RSA key per seed for the whole session: key generation is slow."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class RsaKey:
    """A key pair with a kid, able to publish its JWK and sign.

    Without ``private``, the key is the session's key for this ``kid``; pass
    ``private=private_key("another seed")`` for a different key under the same kid.
    """

    kid: str
    private: rsa.RSAPrivateKey = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.private is None:
            self.private = private_key(self.kid)

    @property
    def pem(self) -> bytes:
        return self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def jwk(self) -> dict[str, Any]:
        data = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key()))
        return {**data, "kid": self.kid, "alg": "RS256", "use": "sig"}


class JwksServer:
    """Serves a mutable JWKS document on 127.0.0.1 over real HTTP."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.requests = 0
        self.status = 200
        self.cache_control: str | None = None
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests += 1
                body = json.dumps({"keys": owner.keys}).encode()
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                if owner.cache_control:
                    self.send_header("Cache-Control", owner.cache_control)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/jwks"
        # A short poll interval: shutdown() waits for it, once per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            daemon=True,
        )
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class Platform:
    """A registered platform as the tests drive it."""

    issuer: str
    client_id: str
    deployment_id: str
    key: RsaKey
    jwks: JwksServer
    auth_login_url: str = "https://lms.example.test/mod/lti/auth.php"
    auth_token_url: str = "https://lms.example.test/mod/lti/token.php"

    def claims(self, nonce: str, **overrides: Any) -> dict[str, Any]:
        """A complete Moodle-like LtiResourceLinkRequest; overrides replace claims,
        and a value of ``None`` removes the claim."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": "4",
            "nonce": nonce,
            "iat": now,
            "exp": now + 60,
            "name": "Inès Moreau",
            "given_name": "Inès",
            "family_name": "Moreau",
            "email": "ines.moreau@etu.example.test",
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": "http://localhost/lti/launch",
            LTI + "roles": LEARNER_ROLES,
            LTI + "context": {
                "id": "2",
                "label": "M1-POLSOC",
                "title": "Coordination et partenariats",
                "type": ["CourseSection"],
            },
            LTI + "resource_link": {"id": "1", "title": "Cartable"},
            LTI + "launch_presentation": {"document_target": "iframe", "locale": "fr"},
            LTI + "custom": {"course_label": "M1-POLSOC"},
        }
        return self.override(claims, overrides)

    def deep_linking_claims(self, nonce: str, **overrides: Any) -> dict[str, Any]:
        """Moodle's LtiDeepLinkingRequest: a teacher, no resource_link, no lineitem."""
        settings = {
            "deep_link_return_url": self.issuer
            + "/mod/lti/contentitem_return.php?course=2&id=1&sesskey=abc",
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["frame", "iframe", "window"],
            "accept_copy_advice": False,
            "accept_multiple": True,
            "accept_unsigned": False,
            "auto_create": False,
            "can_confirm": False,
            "title": "Cartable",
            "text": "",
        }
        claims = self.claims(
            nonce,
            sub="3",
            **{
                LTI + "message_type": "LtiDeepLinkingRequest",
                LTI + "roles": INSTRUCTOR_ROLES,
                LTI + "resource_link": None,
                LTI + "launch_presentation": {"locale": "en"},
                DEEP_LINKING_SETTINGS: settings,
                AGS_ENDPOINT: {
                    "lineitems": self.issuer
                    + "/mod/lti/services.php/2/lineitems?type_id=1",
                    "scope": [AGS_SCOPE + "lineitem", AGS_SCOPE + "score"],
                },
            },
        )
        return self.override(claims, overrides)

    def submission_review_claims(self, nonce: str, **overrides: Any) -> dict[str, Any]:
        """An LtiSubmissionReviewRequest for student 4's work, opened by a teacher."""
        base = self.issuer + "/mod/lti/services.php/2/lineitems"
        claims = self.claims(
            nonce,
            sub="3",
            **{
                LTI + "message_type": "LtiSubmissionReviewRequest",
                LTI + "roles": INSTRUCTOR_ROLES,
                LTI + "for_user": {"user_id": "4", "roles": LEARNER_ROLES},
                AGS_ENDPOINT: {
                    "lineitem": base + "/2/lineitem?type_id=1",
                    "lineitems": base + "?type_id=1",
                    "scope": [AGS_SCOPE + "score"],
                },
            },
        )
        return self.override(claims, overrides)

    @staticmethod
    def override(claims: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
        for name, value in overrides.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return claims

    def sign(
        self, claims: dict[str, Any], key: RsaKey | None = None, **headers: Any
    ) -> str:
        """Sign as the platform (or with another key), RS256 with its kid."""
        key = key or self.key
        header = {"kid": key.kid, "typ": "JWT", **headers}
        return jwt.encode(claims, key.private, algorithm="RS256", headers=header)


@contextmanager
def running_platform(
    issuer: str, client_id: str, deployment_id: str
) -> Iterator[Platform]:
    """A platform whose JWKS is served for the duration of the block."""
    server = JwksServer()
    key = RsaKey(kid=f"{client_id}-key-1")
    server.keys = [key.jwk()]
    try:
        yield Platform(issuer, client_id, deployment_id, key, server)
    finally:
        server.close()


def b64url(data: bytes) -> str:
    """Base64url without padding, as in a compact JWT."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(
    header: dict[str, Any], claims: dict[str, Any], signature: bytes = b""
) -> str:
    """Assemble a JWT by hand, for tokens PyJWT refuses to make (none, HS256/PEM)."""
    head = b64url(json.dumps(header).encode())
    body = b64url(json.dumps(claims).encode())
    return f"{head}.{body}.{b64url(signature)}"


def signing_input(token: str) -> bytes:
    """The ``header.payload`` part a JWT signature covers."""
    return token.rsplit(".", 1)[0].encode()
