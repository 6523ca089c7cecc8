"""The passphrase side of a backup: keys sealed with AES-GCM, the manifest signed.

scrypt turns the operator's passphrase into 64 bytes: the first half encrypts the
tool's private keys (AES-256-GCM), the second signs the manifest (HMAC-SHA256), so
an archive altered by someone without the passphrase is refused even when its
hashes were recomputed to match.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from lti_app.backup.errors import BackupError

PASSPHRASE_VARIABLE = "CARTABLE_BACKUP_PASSPHRASE"  # noqa: S105 - a name, not a secret
# scrypt's cost: about 32 MiB and a tenth of a second, once per command.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MIN_LENGTH = 12


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def read_passphrase(path: Path | None, *, required: bool) -> bytes | None:
    """The passphrase from ``--passphrase-file`` or the environment, never an argument."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise BackupError(f"cannot read the passphrase file {path}: {exc}") from exc
    else:
        text = os.environ.get(PASSPHRASE_VARIABLE, "")
    if not text:
        if required:
            raise BackupError(
                "a passphrase is needed: --passphrase-file FILE or "
                f"the {PASSPHRASE_VARIABLE} variable"
            )
        return None
    return text.encode("utf-8")


@dataclass(frozen=True)
class Secrets:
    """The two keys scrypt derives from a passphrase and a salt."""

    seal: bytes
    sign: bytes
    kdf: dict[str, Any]


def derive(passphrase: bytes, kdf: dict[str, Any] | None = None) -> Secrets:
    """Derive the keys; a new salt unless ``kdf`` (from a manifest) gives one."""
    if kdf is None:
        kdf = {"name": "scrypt", "salt": _b64(secrets.token_bytes(16)), **SCRYPT}
    try:
        salt = _unb64(kdf["salt"])
        scrypt = Scrypt(
            salt=salt, length=64, n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"])
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError("the manifest's key derivation is unreadable") from exc
    derived = scrypt.derive(passphrase)
    return Secrets(derived[:32], derived[32:], kdf)


def seal(keys: Secrets, private_keys: dict[str, str]) -> tuple[bytes, dict[str, Any]]:
    """Encrypt ``{kid: pem}``; return the ciphertext and what decrypting needs."""
    nonce = secrets.token_bytes(12)
    plain = json.dumps(private_keys, sort_keys=True).encode("utf-8")
    sealed = AESGCM(keys.seal).encrypt(nonce, plain, b"cartable-backup-keys")
    return sealed, {"cipher": "AES-256-GCM", "nonce": _b64(nonce), "kdf": keys.kdf}


def unseal(keys: Secrets, sealed: bytes, info: dict[str, Any]) -> dict[str, str]:
    """Decrypt the keys; a wrong passphrase (or altered bytes) is refused."""
    try:
        nonce = _unb64(info["nonce"])
        plain = AESGCM(keys.seal).decrypt(nonce, sealed, b"cartable-backup-keys")
    except (InvalidTag, KeyError, ValueError) as exc:
        raise BackupError(
            "wrong passphrase: the tool's keys do not decrypt with it"
        ) from exc
    loaded: dict[str, str] = json.loads(plain)
    return loaded


def signature(keys: Secrets, manifest: bytes) -> str:
    """The manifest's HMAC-SHA256, hex."""
    return hmac.new(keys.sign, manifest, hashlib.sha256).hexdigest()


def check_signature(keys: Secrets, manifest: bytes, given: str) -> None:
    """Refuse a manifest changed after the backup was written."""
    if not hmac.compare_digest(signature(keys, manifest), given.strip()):
        raise BackupError("the manifest was altered: its signature does not match")
