"""Forms of the grading pages (labels in French, translated from the catalog)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length

from lti_app.markup_validators import MarkdownBudget
from lti_app.submissions.grade_service import MAX_FEEDBACK


class GradeForm(FlaskForm):
    """A score (checked against the assignment's points), a comment, a file."""

    score = StringField(_l("Note"), validators=[Length(max=20)],
                        render_kw={"inputmode": "decimal", "autocomplete": "off"})  # fmt: skip
    feedback = TextAreaField(
        _l("Commentaire (Markdown)"),
        validators=[Length(max=MAX_FEEDBACK), MarkdownBudget()],
        render_kw={"rows": 8},
    )
    feedback_file = FileField(_l("Fichier de retour (PDF, PPTX ou ODP, facultatif)"))
    remove_file = BooleanField(_l("Retirer le fichier de retour actuel"))


class ArchiveForm(FlaskForm):
    """A zip archive of feedback files, one folder per student."""

    archive = FileField(
        _l("Archive zip des retours"),
        validators=[FileRequired(_l("Choisissez un fichier."))],
    )
