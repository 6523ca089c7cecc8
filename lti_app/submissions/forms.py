"""Forms of the drop-off pages (labels in French, translated from the catalog)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from lti_app.markup_validators import MarkdownBudget
from lti_app.submissions.filetypes import LABELS

MAX_INSTRUCTIONS = 64 * 1024
TIME_ZONES = (
    "Europe/Paris", "Europe/Brussels", "Europe/Luxembourg", "Europe/Zurich",
    "America/Montreal", "America/Martinique", "America/Guadeloupe", "America/Cayenne",
    "Indian/Reunion", "Indian/Mayotte", "Pacific/Noumea", "Pacific/Tahiti",
    "Africa/Dakar", "Africa/Casablanca", "UTC",
)  # fmt: skip


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes instead of a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AssignmentForm(FlaskForm):
    """An assignment's settings; dates in the course's time zone."""

    title = StringField(
        _l("Titre"),
        validators=[DataRequired(_l("Le titre est obligatoire.")), Length(max=255)],
    )
    instructions = TextAreaField(
        _l("Consignes (Markdown)"),
        validators=[Length(max=MAX_INSTRUCTIONS), MarkdownBudget()],
        render_kw={"rows": 12},
    )
    timezone = SelectField(
        _l("Fuseau horaire du cours"), choices=[SelectChoice(z, z) for z in TIME_ZONES]
    )
    opens_at = DateTimeLocalField(_l("Ouverture (facultatif)"), validators=[Optional()])
    due_at = DateTimeLocalField(
        _l("Date de remise (facultatif)"), validators=[Optional()]
    )
    cutoff_at = DateTimeLocalField(
        _l("Date limite, après laquelle plus rien n'est accepté (facultatif)"),
        validators=[Optional()],
    )
    accepted_kinds = MultiCheckboxField(
        _l("Formats acceptés (vérifiés d'après le contenu)"),
        choices=[SelectChoice(kind, label) for kind, label in LABELS.items()],
        validators=[DataRequired(_l("Choisissez au moins un format."))],
    )
    max_mb = DecimalField(
        _l("Taille maximale d'un fichier (Mo)"), places=1,
        validators=[InputRequired(), NumberRange(min=0.1)],
    )  # fmt: skip
    max_files = IntegerField(
        _l("Fichiers par remise"), validators=[InputRequired(), NumberRange(1, 20)]
    )
    attempts_allowed = IntegerField(
        _l("Remises autorisées (0 : sans limite)"),
        validators=[InputRequired(), NumberRange(0, 100)],
    )
    points = DecimalField(
        _l("Note sur"), places=2, validators=[InputRequired(), NumberRange(0.01, 1000)]
    )
    expected_pages = IntegerField(
        _l(
            "Nombre de pages ou diapositives attendu (facultatif ; 1 pour « une diapositive »)"
        ),
        validators=[Optional(), NumberRange(1, 1000)],
    )
    require_submit = BooleanField(
        _l(
            "Les étudiant·es doivent cliquer sur « Remettre » (sinon, le dépôt vaut remise)"
        )
    )
    blind_marking = BooleanField(_l("Correction anonyme"))
    retention_days = IntegerField(
        _l("Conservation des fichiers, en jours après la dernière échéance du cours"),
        validators=[Optional(), NumberRange(0, 36500)],
    )

    def validate_kinds(self) -> bool:
        """Only known kinds (checkbox values could be forged)."""
        return set(self.accepted_kinds.data or []) <= set(LABELS)


class ExtensionForm(FlaskForm):
    """A later due date for one student."""

    user_id = SelectField(_l("Étudiant·e"), coerce=int, validators=[InputRequired()])
    due_at = DateTimeLocalField(
        _l("Nouvelle date de remise"),
        validators=[InputRequired(_l("Indiquez la nouvelle date."))],
    )

    def set_students(self, students: list[Any]) -> None:
        """Offer the course's students."""
        self.user_id.choices = [SelectChoice(s.id, s.display_name) for s in students]


class ActionForm(FlaskForm):
    """A bare POST with its CSRF token (submit, revoke...)."""
