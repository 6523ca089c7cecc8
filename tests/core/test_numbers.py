"""Numbers and times on pages are written as the reader writes them."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from flask_babel import force_locale

from lti_app.i18n import local_time, number


@pytest.mark.parametrize(
    ("locale", "value", "shown"),
    [
        ("fr", 15.5, "15,5"),
        ("en", 15.5, "15.5"),
        ("fr", 20.0, "20"),
        ("fr", 1234.5, "1\u202f234,5"),
        ("en", 1234.5, "1,234.5"),
    ],
)
def test_numbers_follow_the_locale(
    app: Flask, locale: str, value: float, shown: str
) -> None:
    with app.test_request_context(), force_locale(locale):
        assert number(value) == shown


def test_times_are_shown_in_the_course_zone(app: Flask) -> None:
    winter = datetime(2026, 12, 7, 22, 37)  # UTC: 23:37 in Paris
    with app.test_request_context(), force_locale("fr"):
        assert local_time(winter, "Europe/Paris") == "7 déc. 2026 23:37"
        assert local_time(winter, "Nowhere/Else").endswith("22:37")
