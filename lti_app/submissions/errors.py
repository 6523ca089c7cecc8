"""What can go wrong with a drop-off, each error knowing its status and message."""

from __future__ import annotations

from flask_babel import format_number, ngettext
from flask_babel import gettext as _


class SubmissionsError(Exception):
    """A refused drop-off operation."""

    status = 400
    code = "refused"

    def text(self) -> str:
        """The message shown to the person."""
        return _("La demande n'a pas pu être traitée.")


class NotOpenError(SubmissionsError):
    """The assignment does not accept files yet."""

    status, code = 403, "not-open"

    def text(self) -> str:
        return _("Ce devoir n'est pas encore ouvert aux remises.")


class ClosedError(SubmissionsError):
    """The cut-off date has passed: nothing is accepted any more."""

    status, code = 403, "closed"

    def text(self) -> str:
        return _(
            "La date limite de remise est passée : le dépôt n'est plus accepté. "
            "Si vous pensez avoir droit à un délai, écrivez à votre enseignant·e."
        )


class TooLargeError(SubmissionsError):
    """A file is over the assignment's size limit."""

    status, code = 413, "too-large"

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit

    def text(self) -> str:
        size = format(self.limit / (1024 * 1024), "g")
        return _(
            "Le fichier dépasse la taille maximale de ce devoir (%(size)s Mo) : "
            "il n'a pas été enregistré.",
            size=size,
        )


class TypeRefusedError(SubmissionsError):
    """A file's content is not one of the accepted kinds (whatever its name)."""

    status, code = 415, "type-refused"

    def __init__(self, filename: str, accepted: str) -> None:
        super().__init__(filename, accepted)
        self.filename, self.accepted = filename, accepted

    def text(self) -> str:
        return _(
            "« %(name)s » n'est pas un fichier accepté pour ce devoir (formats "
            "acceptés : %(accepted)s). Le type est vérifié d'après le contenu, pas "
            "d'après le nom : aucun fichier n'a été enregistré.",
            name=self.filename,
            accepted=self.accepted,
        )


class TooManyFilesError(SubmissionsError):
    """More files than the assignment allows in one submission."""

    status, code = 400, "too-many-files"

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit

    def text(self) -> str:
        return ngettext(
            "Ce devoir accepte %(num)d fichier par remise.",
            "Ce devoir accepte %(num)d fichiers par remise.",
            self.limit,
        )


class NoFileError(SubmissionsError):
    """The form came without any file."""

    code = "no-file"

    def text(self) -> str:
        return _("Choisissez au moins un fichier à déposer.")


class IncompleteUploadError(SubmissionsError):
    """The upload was cut or malformed; nothing was kept."""

    code = "incomplete"

    def text(self) -> str:
        return _(
            "L'envoi est incomplet ou mal formé : rien n'a été enregistré. Réessayez."
        )


class CsrfMissingError(SubmissionsError):
    """The form's security token is missing or wrong."""

    code = "csrf"

    def text(self) -> str:
        return _(
            "Le formulaire a expiré ou ne vient pas de Cartable : rechargez la page "
            "et réessayez."
        )


class AttemptsExhaustedError(SubmissionsError):
    """Every allowed attempt has been submitted."""

    status, code = 409, "attempts"

    def text(self) -> str:
        return _("Vous avez utilisé toutes les remises autorisées pour ce devoir.")


class NothingToSubmitError(SubmissionsError):
    """No draft waits for a "submit" click."""

    status, code = 409, "nothing-to-submit"

    def text(self) -> str:
        return _("Aucun brouillon n'attend d'être remis.")


def _limit_phrase(code: str, limit: float) -> str:
    """What the limit is, in words, with its value."""
    num = int(limit)
    count = format_number(num)
    phrases = {
        "zip-entries": lambda: ngettext(
            "l’archive contient plus de %(count)s fichier interne",
            "l’archive contient plus de %(count)s fichiers internes", num, count=count),
        "zip-member-bytes": lambda: _(
            "une partie décompressée dépasse %(size)s Mo", size=num // 2**20),
        "zip-total-bytes": lambda: _(
            "le contenu décompressé dépasse %(size)s Mo", size=num // 2**20),
        "zip-ratio": lambda: _(
            "une partie se décompresse plus de %(count)s fois", count=count),
        "xml-elements": lambda: ngettext(
            "une partie XML contient plus de %(count)s élément",
            "une partie XML contient plus de %(count)s éléments", num, count=count),
        "xml-depth": lambda: ngettext(
            "une partie XML imbrique plus de %(count)s niveau",
            "une partie XML imbrique plus de %(count)s niveaux", num, count=count),
        "slides": lambda: ngettext(
            "plus de %(count)s diapositive", "plus de %(count)s diapositives", num, count=count),
        "pdf-objects": lambda: ngettext(
            "le PDF contient plus de %(count)s objet",
            "le PDF contient plus de %(count)s objets", num, count=count),
        "pdf-page-nodes": lambda: ngettext(
            "l’arbre des pages du PDF dépasse %(count)s nœud",
            "l’arbre des pages du PDF dépasse %(count)s nœuds", num, count=count),
        "pdf-tree-depth": lambda: ngettext(
            "l’arbre des pages du PDF dépasse %(count)s niveau",
            "l’arbre des pages du PDF dépasse %(count)s niveaux", num, count=count),
        "pdf-tree-loop": lambda: _("l’arbre des pages du PDF revient sur lui-même"),
        "cpu-time": lambda: _(
            "son analyse dépasse %(seconds)s secondes de calcul",
            seconds=format(limit, "g")),
    }  # fmt: skip
    return phrases.get(code, phrases["cpu-time"])()


class UploadLimitError(SubmissionsError):
    """A file past one of the inspectors' budgets (:mod:`lti_app.budgets`)."""

    status, code = 422, "upload-limit"

    def __init__(self, filename: str, limit_code: str, limit: float) -> None:
        super().__init__(filename, limit_code, limit)
        self.filename, self.limit_code, self.limit = filename, limit_code, limit

    def text(self) -> str:
        return _(
            "« %(name)s » a été refusé : %(limit)s (limite de sécurité de "
            "Cartable). Aucun fichier n’a été enregistré.",
            name=self.filename,
            limit=_limit_phrase(self.limit_code, self.limit),
        )


class TooManyUploadsError(SubmissionsError):
    """The person already has as many uploads in flight as allowed."""

    status, code = 429, "uploads-in-flight"

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit

    def text(self) -> str:
        return ngettext(
            "Vous avez déjà %(num)d envoi en cours : attendez qu’il se termine, "
            "puis réessayez. Rien n’a été enregistré.",
            "Vous avez déjà %(num)d envois en cours : attendez qu’ils se terminent, "
            "puis réessayez. Rien n’a été enregistré.",
            self.limit,
        )
