"""Errors of the references feature, each with its HTTP status and French message."""

from __future__ import annotations

from collections.abc import Sequence

from bibliography import Problem
from flask_babel import lazy_gettext as _l


class ReferencesError(Exception):
    """A refusal the person can understand and act upon."""

    status = 400
    message = _l("La demande ne peut pas être traitée.")

    def __init__(
        self, detail: str = "", problems: Sequence[Problem] = (), **params: object
    ) -> None:
        super().__init__(type(self).__name__)
        self.detail = detail
        self.problems = list(problems)
        self.params = params

    def text(self) -> str:
        """The message in the interface language, with its parameters."""
        message = str(self.message)
        return message % self.params if self.params else message


class KeyTaken(ReferencesError):
    """Another reference of the course already uses this key."""

    status = 409
    message = _l("Cette clé est déjà utilisée par une autre référence du cours.")


class EntryInvalid(ReferencesError):
    """The entry written in the form does not read as BibTeX."""

    status = 422
    message = _l("L'entrée n'est pas une entrée BibTeX valide.")


class ImportExpired(ReferencesError):
    """The pending import is past its expiry."""

    status = 410
    message = _l("Cette importation a expiré : recommencez l'envoi.")


class ImportStale(ReferencesError):
    """The bibliography changed between the preview and the confirmation."""

    status = 409
    message = _l(
        "La bibliographie a changé depuis l'aperçu : recommencez l'importation."
    )


class NothingToImport(ReferencesError):
    """The input holds no usable reference at all."""

    status = 400
    message = _l("Aucune référence utilisable n'a été trouvée.")


class InputEmpty(ReferencesError):
    """An empty file or an empty paste."""

    status = 400
    message = _l("Le contenu envoyé est vide.")


class InputTooBig(ReferencesError):
    """The file is larger than the course bibliography accepts."""

    status = 413
    message = _l("Le fichier dépasse la taille autorisée (%(limit)s Kio).")


class WrongFileType(ReferencesError):
    """Not a .bib, .ris or .json file, nor content that looks like one."""

    status = 415
    message = _l(
        "Type de fichier non pris en charge : envoyez un fichier .bib, .ris ou .json "
        "(CSL-JSON)."
    )


class Unreadable(ReferencesError):
    """Bytes that are not text in a known encoding, or unparseable as a whole."""

    status = 400
    message = _l("Le contenu est illisible : enregistrez-le en UTF-8 et réessayez.")


class DoiInvalid(ReferencesError):
    """What was typed is not a DOI."""

    status = 422
    message = _l("Ce n'est pas un DOI (il commence par « 10. », par ex. 10.3917/xxx).")


class DoiNotFound(ReferencesError):
    """The resolver knows no such DOI."""

    status = 404
    message = _l("Ce DOI est inconnu du service de résolution.")


class DoiUnavailable(ReferencesError):
    """The resolver did not answer in time, or failed."""

    status = 424
    message = _l(
        "Le service de résolution des DOI ne répond pas ; réessayez plus tard ou "
        "saisissez la référence à la main."
    )


class DoiMalformed(ReferencesError):
    """The resolver answered something that is not CSL-JSON."""

    status = 422
    message = _l("Le service de résolution a renvoyé une réponse inexploitable.")


class StyleInvalid(ReferencesError):
    """The style id or CSL file is not usable by the renderer."""

    status = 422
    message = _l("Ce style de citation est introuvable ou invalide.")
