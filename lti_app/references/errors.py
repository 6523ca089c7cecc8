"""Errors of the references feature, each with its HTTP status and French message."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l

from bibliography import Problem


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


class KeyTaken(ReferencesError):  # noqa: N818 - named for the refusal
    """Another reference of the course already uses this key."""

    status = 409
    message = _l("Cette clé est déjà utilisée par une autre référence du cours.")


class EntryInvalid(ReferencesError):  # noqa: N818 - named for the refusal
    """The entry written in the form does not read as BibTeX."""

    status = 422
    message = _l("L'entrée n'est pas une entrée BibTeX valide.")


class ImportExpired(ReferencesError):  # noqa: N818 - named for the refusal
    """The pending import is past its expiry."""

    status = 410
    message = _l("Cette importation a expiré : recommencez l'envoi.")


class ImportStale(ReferencesError):  # noqa: N818 - named for the refusal
    """The bibliography changed between the preview and the confirmation."""

    status = 409
    message = _l(
        "La bibliographie a changé depuis l'aperçu : recommencez l'importation."
    )


class NothingToImport(ReferencesError):  # noqa: N818 - named for the refusal
    """The input holds no usable reference at all."""

    status = 400
    message = _l("Aucune référence utilisable n'a été trouvée.")


class InputEmpty(ReferencesError):  # noqa: N818 - named for the refusal
    """An empty file or an empty paste."""

    status = 400
    message = _l("Le contenu envoyé est vide.")


class InputTooBig(ReferencesError):  # noqa: N818 - named for the refusal
    """The file is larger than the course bibliography accepts."""

    status = 413
    message = _l("Le fichier dépasse la taille autorisée (%(limit)s Kio).")


class TooManyEntries(ReferencesError):  # noqa: N818 - named for the refusal
    """More entries than one import takes: its cost grows with each entry."""

    status = 413
    message = _l(
        "Ce fichier contient plus de %(limit)s références, le maximum d’un import : "
        "découpez-le en plusieurs fichiers."
    )


class WrongFileType(ReferencesError):  # noqa: N818 - named for the refusal
    """Not a .bib, .ris or .json file, nor content that looks like one."""

    status = 415
    message = _l(
        "Type de fichier non pris en charge : envoyez un fichier .bib, .ris ou .json "
        "(CSL-JSON)."
    )


class Unreadable(ReferencesError):  # noqa: N818 - named for the refusal
    """Bytes that are not text in a known encoding, or unparseable as a whole."""

    status = 400
    message = _l("Le contenu est illisible : enregistrez-le en UTF-8 et réessayez.")


class DoiInvalid(ReferencesError):  # noqa: N818 - named for the refusal
    """What was typed is not a DOI."""

    status = 422
    message = _l("Ce n'est pas un DOI (il commence par « 10. », par ex. 10.3917/xxx).")


class DoiNotFound(ReferencesError):  # noqa: N818 - named for the refusal
    """The resolver knows no such DOI."""

    status = 404
    message = _l("Ce DOI est inconnu du service de résolution.")


class DoiUnavailable(ReferencesError):  # noqa: N818 - named for the refusal
    """The resolver did not answer in time, or failed."""

    status = 424
    message = _l(
        "Le service de résolution des DOI ne répond pas ; réessayez plus tard ou "
        "saisissez la référence à la main."
    )


class DoiOffline(DoiUnavailable):
    """The resolver could not be reached at all (no network, DNS, refused)."""

    message = _l(
        "Cartable n’a pas pu joindre le service de résolution des DOI (réseau "
        "coupé ou service hors ligne) : réessayez plus tard, ou saisissez la "
        "référence à la main."
    )


class DoiSlow(DoiUnavailable):
    """The resolver took longer than the look-up allows."""

    message = _l(
        "Le service de résolution des DOI n’a pas répondu à temps : réessayez "
        "dans un moment, ou saisissez la référence à la main."
    )


class DoiMalformed(ReferencesError):  # noqa: N818 - named for the refusal
    """The resolver answered something that is not CSL-JSON."""

    status = 422
    message = _l("Le service de résolution a renvoyé une réponse inexploitable.")


class StyleInvalid(ReferencesError):  # noqa: N818 - named for the refusal
    """The style id or CSL file is not usable by the renderer."""

    status = 422
    message = _l("Ce style de citation est introuvable ou invalide.")
