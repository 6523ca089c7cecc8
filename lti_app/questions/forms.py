"""Forms of the question pages (labels in French, translated from the catalog)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length

from lti_app.markup_validators import MarkdownBudget

MAX_TITLE = 200
MAX_BODY = 10_000
CATEGORY_CHOICES = [
    ("cours", _l("Cours")),
    ("bibliographie", _l("Demande bibliographique")),
    ("devoir", _l("Devoir")),
    ("autre", _l("Autre")),
]
VISIBILITY_CHOICES = [
    ("private", _l("Privée : seule l'équipe pédagogique la lit")),
    ("class", _l("Partagée avec la classe")),
]


def _body(label: object, rows: int = 8) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            DataRequired(_l("Le texte est obligatoire.")),
            Length(max=MAX_BODY, message=_l("%(max)d caractères au plus.")),
            MarkdownBudget(),
        ],
        render_kw={"rows": rows, "maxlength": MAX_BODY},
    )


class AskForm(FlaskForm):
    """A new question."""

    title = StringField(
        _l("Titre de la question"),
        validators=[
            DataRequired(_l("Le titre est obligatoire.")),
            Length(max=MAX_TITLE, message=_l("%(max)d caractères au plus.")),
        ],
        render_kw={"maxlength": MAX_TITLE},
    )
    body = _body(_l("Votre question (Markdown)"))
    category = SelectField(
        _l("Catégorie"),
        choices=[SelectChoice(value, label) for value, label in CATEGORY_CHOICES],
        default="cours",
    )
    about = SelectField(_l("À propos de (facultatif)"), choices=[SelectChoice("", "—")],
                        default="", validate_choice=True)  # fmt: skip
    visibility = RadioField(
        _l("Qui peut la lire ?"),
        choices=[SelectChoice(value, label) for value, label in VISIBILITY_CHOICES],
        default="private",
    )
    anonymous = BooleanField(_l("Anonyme pour les autres étudiant·es"))
    named_consent = BooleanField(
        _l("Si elle devient une entrée de la FAQ, j'accepte d'y être nommé·e")
    )


class AnswerForm(FlaskForm):
    """A staff answer, or its new text."""

    body = _body(_l("Réponse (Markdown)"), rows=10)


class CommentForm(FlaskForm):
    """A follow-up in a thread."""

    body = _body(_l("Votre message (Markdown)"), rows=4)
    anonymous = BooleanField(_l("Anonyme pour les autres étudiant·es"))


class FaqForm(FlaskForm):
    """The redacted text shown in the FAQ."""

    title = StringField(
        _l("Titre dans la FAQ"),
        validators=[DataRequired(_l("Le titre est obligatoire.")),
                    Length(max=MAX_TITLE)],
        render_kw={"maxlength": MAX_TITLE},
    )  # fmt: skip
    body = _body(
        _l("Texte dans la FAQ (Markdown), sans ce qui identifierait l'étudiant·e")
    )


class ActionForm(FlaskForm):
    """A bare POST with its CSRF token."""


class ChoiceForm(FlaskForm):
    """A POST carrying one yes/no value (vote, pin, accept, consent)."""

    value = HiddenField(validators=[AnyOf(["0", "1"])])


class StatusForm(FlaskForm):
    """Resolve or reopen."""

    status = HiddenField(validators=[AnyOf(["resolved", "open"])])
