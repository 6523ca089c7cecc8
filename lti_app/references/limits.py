"""The bibliography's fair-share buckets (see ``lti_app.rate_limits``)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from lti_app.rate_limits import Bucket, register_buckets

BUCKETS = (
    Bucket(
        "suggestions", _l("suggestions de références"), ("references.suggestions_page",)
    ),
    Bucket(
        "imports",
        _l("imports de références et de styles"),
        (
            "references.paste",
            "references.upload",
            "references.doi_lookup",
            "references.decide",
            "references.style",
            "references.style_upload",
        ),
    ),
    Bucket(
        "reading",
        _l("marques de lecture"),
        ("references.mark", "references.mark_update"),
    ),
    Bucket(
        "edits",
        _l("modifications de la bibliographie"),
        (
            "references.new",
            "references.edit",
            "references.delete",
            "references.undelete",
            "references.restore",
            "references.sections",
            "references.section",
            "references.section_move",
            "references.section_delete",
            "references.item_add",
            "references.item_edit",
            "references.item_move",
            "references.item_remove",
            "references.inbox_accept",
            "references.inbox_answer",
            "references.inbox_decline",
        ),
    ),
)


def init_app(app: Flask) -> None:
    """Declare the bibliography's buckets."""
    register_buckets(app, *BUCKETS)
