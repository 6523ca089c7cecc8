"""The stored files submissions and grades point to, for ``storage verify`` and backups."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from lti_app.extensions import db
from lti_app.storage import Expected
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.models import SubmissionFile


def list_stored_files() -> Iterator[Expected]:
    """Every submitted file's key, size and hash, read in batches."""
    rows = db.session.execute(
        select(
            SubmissionFile.id,
            SubmissionFile.storage_key,
            SubmissionFile.size,
            SubmissionFile.sha256,
        )
        .order_by(SubmissionFile.id)
        .execution_options(yield_per=500)
    )
    for file_id, key, size, sha256 in rows:
        yield Expected(key, size, sha256, f"submission file {file_id}")


def list_feedback_files() -> Iterator[Expected]:
    """Every feedback file given with a grade."""
    rows = db.session.execute(
        select(Grade.id, Grade.feedback_key, Grade.feedback_size, Grade.feedback_sha256)
        .where(Grade.feedback_key.is_not(None))
        .order_by(Grade.id)
        .execution_options(yield_per=500)
    )
    for grade_id, key, size, sha256 in rows:
        label = f"feedback file of grade {grade_id}"
        yield Expected(str(key), size or 0, sha256 or "", label)
