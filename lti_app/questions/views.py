"""The question pages (students and staff), on one blueprint."""

from __future__ import annotations

# Each module registers its routes on ``bp`` when imported.
from lti_app.questions import (  # noqa: F401
    notifications,
    pages_asking,
    pages_staff,
    pages_thread,
)
from lti_app.questions.blueprint import bp

__all__ = ["bp"]
