"""The LMS's own RSA key: created on first need, published as a JWKS, signing RS256."""

from __future__ import annotations

import json
import secrets
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from lti_app.devlms.models import DevSite
from lti_app.extensions import db


class NotSetUpError(LookupError):
    """The demo has not been seeded yet."""

    def __init__(self) -> None:
        super().__init__("the development LMS is not set up: run `flask demo setup`")


def get_site() -> DevSite:
    """The one site row; ``seed_demo`` creates it."""
    site: DevSite | None = db.session.scalar(select(DevSite).order_by(DevSite.id))
    if site is None:
        raise NotSetUpError()
    return site


def _ensure_key(site: DevSite) -> rsa.RSAPrivateKey:
    if site.key_pem is None or site.kid is None:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        site.key_pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        site.kid = secrets.token_hex(10)
        db.session.commit()
        return private
    loaded = serialization.load_pem_private_key(site.key_pem.encode(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise TypeError("the development LMS key is not an RSA key")
    return loaded


def public_jwks() -> dict[str, Any]:
    """The keyset the tool fetches, Moodle's ``certs.php``."""
    site = get_site()
    private = _ensure_key(site)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    jwk.update({"kid": site.kid, "alg": "RS256", "use": "sig"})
    return {"keys": [jwk]}


def sign(claims: dict[str, Any]) -> str:
    """Sign as Moodle does: RS256, header ``kid`` and ``typ: JWT``."""
    site = get_site()
    private = _ensure_key(site)
    return jwt.encode(
        claims, private, algorithm="RS256", headers={"kid": site.kid, "typ": "JWT"}
    )
