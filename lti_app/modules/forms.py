"""Forms of the module pages (labels in French, translated from the catalog)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateTimeLocalField, HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from lti_app.markup_validators import MarkdownBudget

MAX_BODY = 256 * 1024  # characters: an imported file of the byte limit fits


class ModuleForm(FlaskForm):
    """Title, text and availability; ``base_revision`` is where editing started."""

    title = StringField(
        _l("Titre"),
        validators=[DataRequired(_l("Le titre est obligatoire.")), Length(max=255)],
    )
    body = TextAreaField(
        _l("Texte (Markdown ; citations : [@clé] ou @clé)"),
        validators=[Length(max=MAX_BODY), MarkdownBudget()],
        render_kw={"rows": 24},
    )
    available_from = DateTimeLocalField(
        _l("Disponible à partir du (UTC, facultatif)"), validators=[Optional()]
    )
    available_until = DateTimeLocalField(
        _l("Disponible jusqu'au (UTC, facultatif)"), validators=[Optional()]
    )
    base_revision = HiddenField()

    def base(self) -> int | None:
        """The revision the person started from, if the field is a number."""
        value = self.base_revision.data or ""
        return int(value) if value.isdigit() else None


class ImportForm(FlaskForm):
    """A Markdown file to turn into a new draft module."""

    file = FileField(
        _l("Fichier Markdown (.md)"),
        validators=[FileRequired(_l("Choisissez un fichier."))],
    )


class ActionForm(FlaskForm):
    """A bare POST with its CSRF token (publish, delete, restore, read...)."""


class MoveForm(FlaskForm):
    """Move a module one place up or down."""

    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class StatusForm(FlaskForm):
    """Publish or take back to draft."""

    status = HiddenField(validators=[AnyOf(["published", "draft"])])


class ReadForm(FlaskForm):
    """Mark read (done=1) or not read (done=0)."""

    done = HiddenField(validators=[AnyOf(["0", "1"])])


class AttachmentForm(FlaskForm):
    """An image or a PDF to attach to a module."""

    file = FileField(
        _l("Image ou PDF"),
        validators=[FileRequired(_l("Choisissez un fichier."))],
    )
