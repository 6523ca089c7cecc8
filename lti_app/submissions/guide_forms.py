"""The marking guide editor's form: a list of criteria, and the import form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import FieldList, Form, FormField, HiddenField, StringField, TextAreaField

from lti_app.submissions.guide_service import MAX_CRITERIA, MAX_TEXT, MAX_TITLE


class CriterionForm(Form):
    """One criterion (no CSRF of its own: the guide form carries it)."""

    id = HiddenField()
    # Lengths and numbers are checked by the service, which names the criterion.
    title = StringField(_l("Intitulé"), render_kw={"maxlength": MAX_TITLE})
    max_points = StringField(_l("Points"),
                             render_kw={"inputmode": "decimal", "autocomplete": "off"})  # fmt: skip
    student_text = TextAreaField(_l("Description pour les étudiant·es"),
                                 render_kw={"rows": 3, "maxlength": MAX_TEXT})  # fmt: skip
    marker_text = TextAreaField(_l("Indications pour les correcteurs et correctrices"),
                                render_kw={"rows": 2, "maxlength": MAX_TEXT})  # fmt: skip
    levels = TextAreaField(_l("Niveaux (facultatif)"), render_kw={"rows": 3})


class GuideForm(FlaskForm):
    """Every criterion of the guide, in order; extra entries beyond the cap dropped."""

    criteria = FieldList(FormField(CriterionForm), max_entries=MAX_CRITERIA)


class GuideImportForm(FlaskForm):
    """A guide file to import (JSON or CSV)."""

    guide_file = FileField(
        _l("Fichier de grille (JSON ou CSV)"),
        validators=[FileRequired(_l("Choisissez un fichier."))],
    )
