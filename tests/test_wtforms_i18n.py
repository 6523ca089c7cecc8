"""WTForms' own messages follow the interface language, from a cached catalog."""

from __future__ import annotations

import pytest
from flask import Flask, request
from flask_wtf.i18n import translations

from lti_app import i18n


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Ce champ est requis."), ("en", "This field is required.")],
)
def test_wtforms_messages_are_translated(
    app: Flask, language: str, expected: str
) -> None:
    with app.test_request_context(f"/?lang={language}"):
        app.preprocess_request()
        assert translations.gettext("This field is required.") == expected
        # Served from the per-process cache, not re-read from disk per request.
        assert request.wtforms_translations is i18n._LAZY_CATALOG  # type: ignore[attr-defined]
        assert i18n._wtforms_catalog.cache_info().currsize >= 1
