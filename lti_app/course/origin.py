"""The course-origin key deep-linked items carry in ``custom`` (``cartable_course``).

Moodle copies a course's activities with their ``custom`` values but gives them
new context and resource link ids: this key is how the copy names the Cartable
course it came from. It is signed, so that a custom parameter typed by hand
cannot name a course whose content its author never had.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, Signer

CUSTOM_KEY = "cartable_course"


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt="cartable-course-origin")


def course_key(course_id: int) -> str:
    """The key naming this course in a content item's ``custom``."""
    return _signer().sign(str(int(course_id))).decode()


def course_of_key(key: str | None) -> int | None:
    """The course a key names, or None for a missing, malformed or forged key."""
    if not key:
        return None
    try:
        value = _signer().unsign(key).decode()
    except BadSignature:
        return None
    return int(value) if value.isdigit() else None
