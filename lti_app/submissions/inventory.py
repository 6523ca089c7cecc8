"""The stored files drop-offs point to, for ``flask storage verify``.

Two kinds share the main storage: the students' submitted files and the feedback
files staff attach to a grade. Both must be claimed, or ``--remove-orphans``
would take a feedback file for a stray and a student's download would answer 404.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.storage_check import Expected, Inventory, register_inventory
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.models import SubmissionFile

BATCH = 500


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
        .execution_options(yield_per=BATCH)
    )
    for file_id, key, size, sha256 in rows:
        yield Expected(key, size, sha256, f"submission file {file_id}")


def list_feedback_files() -> Iterator[Expected]:
    """Every feedback file attached to a grade, with its recorded size and hash."""
    rows = db.session.execute(
        select(Grade.id, Grade.feedback_key, Grade.feedback_size, Grade.feedback_sha256)
        .where(Grade.feedback_key.is_not(None))
        .order_by(Grade.id)
        .execution_options(yield_per=BATCH)
    )
    for grade_id, key, size, sha256 in rows:
        if key:  # always, by the query; says so to the type checker
            yield Expected(key, size, sha256, f"feedback file of grade {grade_id}")


def init_app(app: Flask) -> None:
    """Offer both lists to ``storage verify``."""
    register_inventory(app, Inventory("submissions", list_stored_files))
    register_inventory(app, Inventory("feedback files", list_feedback_files))
