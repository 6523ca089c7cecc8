"""One line of ``check-deploy``: what was checked, what was seen, and the fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    """A passed or failed requirement; a failure always says what to do."""

    name: str
    ok: bool
    seen: str
    fix: str = ""


def passed(name: str, seen: str) -> Check:
    """A requirement met."""
    return Check(name, True, seen)


def failed(name: str, seen: str, fix: str) -> Check:
    """A requirement not met, with the operator's next step."""
    return Check(name, False, seen, fix)
