"""The Markdown budgets as form checks: a text too long or too deep is refused
where it is typed, with a message saying which budget and how to fix it."""

from __future__ import annotations

from flask_babel import format_number, ngettext
from wtforms import Field, Form, ValidationError

from lti_app import budgets
from lti_app.markup import MarkdownBudgetError, check_budget


def budget_message(error: MarkdownBudgetError) -> str:
    """What the person reads when a text is past a Markdown budget."""
    if error.code == "size":
        return str(
            ngettext(
                "Le texte dépasse %(count)s caractère : raccourcissez-le.",
                "Le texte dépasse %(count)s caractères : raccourcissez-le.",
                error.limit,
                count=format_number(error.limit),
            )
        )
    return str(
        ngettext(
            "Le texte imbrique plus de %(count)s niveau (citations « > », listes ou "
            "crochets « [ ») : simplifiez-le.",
            "Le texte imbrique plus de %(count)s niveaux (citations « > », listes ou "
            "crochets « [ ») : simplifiez-le.",
            error.limit,
            count=format_number(error.limit),
        )
    )


class MarkdownBudget:
    """A WTForms validator: the text is within the Markdown budgets."""

    def __init__(self, max_chars: int = budgets.MARKDOWN_MAX_CHARS) -> None:
        self.max_chars = max_chars

    def __call__(self, form: Form, field: Field) -> None:
        try:
            check_budget(field.data or "", self.max_chars)
        except MarkdownBudgetError as error:
            raise ValidationError(budget_message(error)) from error
