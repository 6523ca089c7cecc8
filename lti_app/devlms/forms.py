"""Forms of the development LMS (CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, URLField
from wtforms.validators import URL, AnyOf, DataRequired


class PrivacyForm(FlaskForm):
    """The tool's privacy settings, as on Moodle's "External tool configuration"."""

    send_name = BooleanField(_l("Transmettre le nom de la personne à l'outil"))
    send_email = BooleanField(
        _l("Transmettre l'adresse électronique de la personne à l'outil")
    )


class RegisterToolForm(FlaskForm):
    """Moodle's "Tool URL" box under "Manage tools"."""

    tool_url = URLField(
        _l("Adresse d'enregistrement de l'outil"),
        validators=[DataRequired(), URL(require_tld=False)],
    )


class LocaleForm(FlaskForm):
    """Moodle's "Preferred language": the locale the launch sends to the tool."""

    locale = SelectField(
        _l("Langue de la personne (envoyée à l’outil au lancement)"),
        choices=[SelectChoice("fr", "Français"), SelectChoice("en", "English")],
        validators=[AnyOf(["fr", "en"])],
    )
