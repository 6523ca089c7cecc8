"""What can go wrong with a module, each error knowing its status and message."""

from __future__ import annotations

from flask_babel import gettext as _

from lti_app.markup import MarkdownBudgetError
from lti_app.markup_validators import budget_message


class ModulesError(Exception):
    """A refused module operation."""

    status = 400

    def text(self) -> str:
        """The message shown to the person."""
        return _("La demande n'a pas pu être traitée.")


class RevisionConflictError(ModulesError):
    """Someone saved the module since this person opened it."""

    status = 409

    def __init__(self, current: int) -> None:
        super().__init__(current)
        self.current = current

    def text(self) -> str:
        return _(
            "Quelqu'un a enregistré ce module pendant que vous le modifiiez "
            "(version %(revision)d). Votre texte n'a pas été enregistré : il est "
            "conservé ci-dessous ; comparez-le avec la version actuelle avant de "
            "l'enregistrer à nouveau.",
            revision=self.current,
        )


class ImportTooLargeError(ModulesError):
    """The Markdown file is over the size limit."""

    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit

    def text(self) -> str:
        return _(
            "Le fichier dépasse la taille autorisée (%(size)d Kio).",
            size=self.limit // 1024,
        )


class ImportBudgetError(ModulesError):
    """The Markdown file is past a Markdown budget (nesting, size)."""

    status = 422

    def __init__(self, error: MarkdownBudgetError) -> None:
        super().__init__(error)
        self.error = error

    def text(self) -> str:
        return budget_message(self.error)


class ImportNotTextError(ModulesError):
    """The file is not UTF-8 Markdown."""

    status = 422

    def text(self) -> str:
        return _(
            "Le fichier n'est pas un texte Markdown encodé en UTF-8 (.md attendu)."
        )


class AttachmentTooLargeError(ImportTooLargeError):
    """The attached file is over the size limit."""

    def text(self) -> str:
        return _(
            "Le fichier dépasse la taille autorisée (%(size)d Kio).",
            size=self.limit // 1024,
        )


class AttachmentTypeError(ModulesError):
    """The file's content is not an allowed image or a PDF (whatever its name)."""

    status = 415

    def text(self) -> str:
        return _(
            "Type de fichier refusé : seuls les images PNG, JPEG, GIF, WebP et les "
            "PDF sont acceptés (le SVG ne l'est pas)."
        )
