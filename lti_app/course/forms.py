"""Forms of the course pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class AssistantForm(FlaskForm):
    """Grant or take back the assistant role; the field says which."""

    grant = HiddenField(validators=[])


class CopyForm(FlaskForm):
    """Copy the source course's content, or start empty; the button says which."""

    choice = HiddenField(validators=[])
