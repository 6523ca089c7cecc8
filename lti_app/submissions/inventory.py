"""The stored files submissions point to, for ``flask storage verify``."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from lti_app.extensions import db
from lti_app.storage import Expected
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
