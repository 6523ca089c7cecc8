"""The deep linking picker's form: CSRF here, the choice checked by the service."""

from __future__ import annotations

from flask_wtf import FlaskForm


class PickerForm(FlaskForm):
    """Only the CSRF token: targets come as repeated ``target`` fields."""
