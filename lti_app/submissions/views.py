"""The pages of assignments (staff and students), on one blueprint."""

from __future__ import annotations

from lti_app.submissions import models  # noqa: F401
from lti_app.submissions.blueprint import bp

__all__ = ["bp"]
