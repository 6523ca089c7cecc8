"""Forms of the development LMS (CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class PrivacyForm(FlaskForm):
    """The tool's privacy settings, as on Moodle's "External tool configuration"."""

    send_name = BooleanField(_l("Transmettre le nom de la personne à l'outil"))
    send_email = BooleanField(
        _l("Transmettre l'adresse électronique de la personne à l'outil")
    )
