"""The pages of course modules (staff and students), on one blueprint."""

from __future__ import annotations

# Each module registers its routes on ``bp`` when imported.
from lti_app.modules import (  # noqa: F401
    pages_attachments,
    pages_authoring,
    pages_drafts,
    pages_history,
    pages_reading,
)
from lti_app.modules.blueprint import bp

__all__ = ["bp"]
