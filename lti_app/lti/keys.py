"""The tool's RSA keys: created on first need, rotated with a delay, pruned later.

Private keys live as files under ``CARTABLE_DATA_DIR/keys`` (mode 0600), never in
the database and never served; the database keeps the public JWK and the dates.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.lti.models import ToolKey


@dataclass(frozen=True)
class KeyState:
    """A key and where it stands in its life."""

    kid: str
    created_at: datetime
    signs_from: datetime
    retired_at: datetime | None
    signing: bool


def _key_dir() -> Path:
    path = Path(current_app.config["CARTABLE_DATA_DIR"]) / "keys"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _write_private(kid: str, pem: bytes) -> None:
    directory = _key_dir()
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, pem)
    finally:
        os.close(fd)
    os.replace(tmp, directory / f"{kid}.pem")


def read_private(kid: str) -> bytes:
    """A key's private PEM, for a backup (which encrypts it before it leaves)."""
    return (_key_dir() / f"{kid}.pem").read_bytes()


def restore_private(kid: str, pem: bytes) -> None:
    """Put a key's private PEM back (a restore), mode 0600 as when it was made."""
    _write_private(kid, pem)


def remove_private(kid: str) -> None:
    """Delete a private key file (``backup restore --force`` empties the target)."""
    (_key_dir() / f"{kid}.pem").unlink(missing_ok=True)


def stored_private_kids() -> list[str]:
    """Kids of the private keys on disk (a restore refuses to overwrite them)."""
    return sorted(path.stem for path in _key_dir().glob("*.pem"))


def create_key(signs_from: datetime | None = None) -> ToolKey:
    """Generate a key pair, store the private half on disk and publish the public one."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = secrets.token_urlsafe(16)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_private(kid, pem)
    public_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    public_jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
    key = ToolKey(
        kid=kid, public_jwk=json.dumps(public_jwk), signs_from=signs_from or utcnow()
    )
    db.session.add(key)
    db.session.commit()
    return key


def _ordered_keys() -> list[ToolKey]:
    return list(
        db.session.scalars(select(ToolKey).order_by(ToolKey.signs_from, ToolKey.id))
    )


def current_signing_key() -> ToolKey:
    """Return the newest key whose signing date has come, creating the first one."""
    now = utcnow()
    usable = [key for key in _ordered_keys() if key.signs_from <= now]
    return usable[-1] if usable else create_key()


def key_states() -> list[KeyState]:
    """Describe every published key: pending, signing or retired."""
    now = utcnow()
    keys = _ordered_keys()
    signing = [key for key in keys if key.signs_from <= now]
    signing_kid = signing[-1].kid if signing else None
    states = []
    for index, key in enumerate(keys):
        successor = keys[index + 1] if index + 1 < len(keys) else None
        retired = (
            successor.signs_from if successor and successor.signs_from <= now else None
        )
        states.append(
            KeyState(
                key.kid, key.created_at, key.signs_from, retired, key.kid == signing_kid
            )
        )
    return states


def rotate(after_hours: float) -> ToolKey:
    """Publish a new key now; it starts signing ``after_hours`` later."""
    current_signing_key()
    return create_key(signs_from=utcnow() + timedelta(hours=after_hours))


def prune(older_than_days: float) -> list[str]:
    """Remove keys retired for more than ``older_than_days``; return their kids."""
    limit = utcnow() - timedelta(days=older_than_days)
    doomed = [s.kid for s in key_states() if s.retired_at and s.retired_at <= limit]
    for kid in doomed:
        key = db.session.scalar(select(ToolKey).where(ToolKey.kid == kid))
        db.session.delete(key)
        (_key_dir() / f"{kid}.pem").unlink(missing_ok=True)
    db.session.commit()
    return doomed


def public_jwks() -> dict[str, list[dict[str, Any]]]:
    """The JWKS document: every key not yet pruned."""
    current_signing_key()
    return {"keys": [json.loads(key.public_jwk) for key in _ordered_keys()]}


def sign(payload: dict[str, Any], headers: dict[str, Any] | None = None) -> str:
    """Sign ``payload`` with the current key, naming it in the ``kid`` header."""
    key = current_signing_key()
    pem = (_key_dir() / f"{key.kid}.pem").read_bytes()
    return jwt.encode(
        payload, pem, algorithm="RS256", headers={**(headers or {}), "kid": key.kid}
    )
