"""The modules' fair-share buckets (see ``lti_app.rate_limits``)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from lti_app.rate_limits import Bucket, register_buckets

BUCKETS = (
    Bucket("uploads", _l("fichiers joints aux modules"), ("modules.upload",)),
    Bucket("imports", _l("imports de modules"), ("modules.import_file",)),
    Bucket("reading", _l("modules marqués comme lus"), ("modules.read",)),
    # The editor saves and previews as one types: a bucket of its own.
    Bucket(
        "drafts",
        _l("brouillons et aperçus"),
        ("modules.save_draft", "modules.save_new_draft", "modules.live_preview"),
    ),
    Bucket(
        "edits",
        _l("modifications de modules"),
        (
            "modules.new",
            "modules.edit",
            "modules.status",
            "modules.move",
            "modules.delete",
            "modules.restore",
            "modules.restore_revision",
            "modules.delete_attachment",
        ),
    ),
)


def init_app(app: Flask) -> None:
    """Declare the modules' buckets."""
    register_buckets(app, *BUCKETS)
