"""The pages of the course bibliography (staff and students), on one blueprint."""

from __future__ import annotations

# Each module registers its routes on ``bp`` when imported.
from lti_app.references import (  # noqa: F401
    pages_entries,
    pages_imports,
    pages_lists,
    pages_reading,
    pages_style,
    pages_suggestions,
)
from lti_app.references.blueprint import bp

__all__ = ["bp"]
