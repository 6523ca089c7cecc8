"""One-use registration codes: created by an administrator, claimed by one LMS.

Only a hash of the code is kept, in the shared store. Claiming is atomic (``pop``):
of two registrations racing with one code, one wins and the other is told the
code was used. A registration that fails before the platform accepted it gives
its code back, so the administrator can fix the cause and try again.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass

from lti_app.lti.registration_errors import RegistrationError
from lti_app.lti.store import get_store

# How long a used or expired code is remembered, to say so rather than "unknown".
REMEMBER_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Claim:
    """A code taken for one registration attempt."""

    digest: str
    expires: float


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def create_code(hours: float) -> str:
    """A new code valid for ``hours``; only its hash is stored."""
    code = secrets.token_urlsafe(24)
    expires = time.time() + hours * 3600
    ttl = int(hours * 3600) + REMEMBER_SECONDS
    get_store().put(f"regcode:{_digest(code)}", json.dumps({"expires": expires}), ttl)
    return code


def claim_code(code: str) -> Claim:
    """Take the code for this attempt, or say why it cannot be used."""
    if not code:
        raise RegistrationError("registration-code-missing")
    digest = _digest(code)
    store = get_store()
    stored = store.pop(f"regcode:{digest}")
    if stored is None:
        used = store.get(f"regcode-used:{digest}") is not None
        raise RegistrationError(
            "registration-code-used" if used else "registration-code-unknown"
        )
    expires = float(json.loads(stored)["expires"])
    if expires <= time.time():
        raise RegistrationError("registration-code-expired")
    store.put(f"regcode-used:{digest}", "1", REMEMBER_SECONDS)
    return Claim(digest, expires)


def release(claim: Claim) -> None:
    """Give the code back after a failed attempt, with its remaining lifetime."""
    store = get_store()
    remaining = int(claim.expires - time.time())
    if remaining <= 0:
        return
    store.put(
        f"regcode:{claim.digest}",
        json.dumps({"expires": claim.expires}),
        remaining + REMEMBER_SECONDS,
    )
    store.delete(f"regcode-used:{claim.digest}")
