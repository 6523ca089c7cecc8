"""The pages of assignments (staff and students), on one blueprint."""

from __future__ import annotations

# Each module registers its routes on ``bp`` when imported.
from lti_app.submissions import (  # noqa: F401
    pages_grading,
    pages_grading_files,
    pages_guide,
    pages_review,
    pages_staff,
    pages_student,
    pages_upload,
)
from lti_app.submissions.blueprint import bp

__all__ = ["bp"]
