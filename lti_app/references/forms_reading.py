"""Forms of the students' pages and of the staff inbox of suggestions."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from bibliography import InputTooLarge, ParseError
from lti_app.references import doi
from lti_app.references.adoption import bibtex_problems
from lti_app.references.errors import DoiInvalid
from lti_app.references.forms import IMPORTANCE_LABELS

MAX_TEXT = 2000
MAX_BIBTEX = 20_000
MAX_ANSWER = 5000
_NO_TOPIC = _l("Décrivez le sujet sur lequel vous cherchez des références.")
_NOTHING = _l("Indiquez un DOI, une entrée BibTeX ou la référence en texte libre.")


class MarkForm(FlaskForm):
    """A student's "to read / read" mark ("none" forgets it)."""

    status = SelectField(
        choices=[SelectChoice(v) for v in ("to-read", "read", "none")],
        validators=[InputRequired()],
    )


class SuggestionForm(FlaskForm):
    """A reference (DOI, BibTeX or free text) or a request on a topic."""

    kind = RadioField(
        _l("Vous souhaitez"),
        choices=[
            SelectChoice("reference", _l("suggérer une référence")),
            SelectChoice("request", _l("demander des références sur un sujet")),
        ],
        default="reference",
        validators=[InputRequired()],
    )
    doi = StringField(_l("DOI (facultatif)"), validators=[Optional(), Length(max=300)])
    bibtex = TextAreaField(
        _l("Entrée BibTeX (facultatif)"),
        validators=[Optional(), Length(max=MAX_BIBTEX)],
    )
    text = TextAreaField(
        _l("Texte libre : la référence telle que vous la connaissez, ou votre demande"),
        validators=[Optional(), Length(max=MAX_TEXT)],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then: something to read, a real DOI, BibTeX that parses."""
        valid = super().validate(extra_validators)
        doi_text = (self.doi.data or "").strip()
        bibtex = (self.bibtex.data or "").strip()
        text = (self.text.data or "").strip()
        if self.kind.data == "request" and not text:
            _error(self.text, _NO_TOPIC)
            return False
        if self.kind.data == "reference" and not (doi_text or bibtex or text):
            _error(self.text, _NOTHING)
            return False
        return self._check_doi(doi_text) and self._check_bibtex(bibtex) and valid

    def _check_doi(self, value: str) -> bool:
        if not value or self.kind.data != "reference":
            return True
        try:
            self.doi.data = doi.normalise_input(value)
        except DoiInvalid as error:
            _error(self.doi, error.text())
            return False
        return True

    def _check_bibtex(self, value: str) -> bool:
        if not value or self.kind.data != "reference":
            return True
        try:
            problems = bibtex_problems(value)
        except (InputTooLarge, ParseError) as error:
            _error(self.bibtex, error.message(_language()))
            return False
        for problem in problems:
            _error(self.bibtex, problem.message(_language()))
        return not problems


def _error(field: Any, message: object) -> None:
    """Add a form-level check's message to a field (WTForms keeps a list there)."""
    field.errors.append(message)


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "fr"


class AnswerForm(FlaskForm):
    """Staff's answer to a request, or the reason for declining."""

    answer = TextAreaField(
        _l("Votre réponse à l'étudiant·e"),
        validators=[DataRequired(), Length(max=MAX_ANSWER)],
    )


class DeclineForm(FlaskForm):
    """Why a suggestion is declined."""

    message = TextAreaField(
        _l("Message à l'étudiant·e (pourquoi la suggestion n'est pas retenue)"),
        validators=[DataRequired(), Length(max=MAX_ANSWER)],
    )


class AcceptForm(FlaskForm):
    """Where to place the accepted reference, and a word to the student."""

    section_id = SelectField(_l("Section de la liste de lecture"), coerce=int,
                             validate_choice=True)  # fmt: skip
    importance = SelectField(
        _l("Importance"),
        choices=[SelectChoice(k, v) for k, v in IMPORTANCE_LABELS.items()],
        default="recommended",
    )
    note = TextAreaField(
        _l("Note aux étudiant·es"), validators=[Optional(), Length(max=2000)]
    )
    message = TextAreaField(
        _l("Message à l'étudiant·e (facultatif)"),
        validators=[Optional(), Length(max=MAX_ANSWER)],
    )
