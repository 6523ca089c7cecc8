"""Audit fixtures: the privacy story's course (real launches and pages)."""

from tests.privacy.conftest import app, story  # noqa: F401 - shared fixtures
from tests.submissions.grading_support import new_assignment  # noqa: F401 - fixture
