"""The drop-off's fair-share buckets (see ``lti_app.rate_limits``)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from lti_app.rate_limits import Bucket, register_buckets

BUCKETS = (
    Bucket(
        "uploads",
        _l("dépôts de fichiers"),
        (
            "submissions.upload",
            "submissions.submit",
            "submissions.feedback_archive",
        ),
    ),
    Bucket(
        "grading",
        _l("enregistrements de notes"),
        (
            "submissions.save_grade",
            "submissions.release_all",
            "submissions.release_one",
            "submissions.resend",
            "submissions.refresh_roster",
        ),
    ),
    Bucket(
        "edits",
        _l("modifications de devoirs"),
        (
            "submissions.create",
            "submissions.edit",
            "submissions.grant",
            "submissions.revoke",
        ),
    ),
)


def init_app(app: Flask) -> None:
    """Declare the drop-off's buckets."""
    register_buckets(app, *BUCKETS)
