"""What can go wrong while grading, each error knowing its status and message."""

from __future__ import annotations

from flask_babel import gettext as _

from lti_app.submissions.errors import SubmissionsError


class ScoreError(SubmissionsError):
    """A score that is not a number between 0 and the assignment's points."""

    status, code = 400, "bad-score"

    def __init__(self, points: float) -> None:
        super().__init__(points)
        self.points = points

    def text(self) -> str:
        points = format(self.points, "g")
        return _(
            "La note doit être un nombre entre 0 et %(points)s "
            "(virgule ou point pour les décimales).",
            points=points,
        )


class FeedbackTooLongError(SubmissionsError):
    """A feedback comment over the length limit."""

    status, code = 400, "feedback-too-long"

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit

    def text(self) -> str:
        return _("Le commentaire dépasse %(limit)d caractères.", limit=self.limit)


class FeedbackFileError(SubmissionsError):
    """A feedback file that is neither a PDF, a PPTX nor an ODP."""

    status, code = 415, "feedback-type"

    def text(self) -> str:
        return _(
            "Fichier de retour refusé : seuls les PDF, PPTX et ODP sont acceptés "
            "(le contenu est vérifié, pas seulement le nom)."
        )


class ArchiveError(SubmissionsError):
    """A bulk feedback upload that is not a readable zip archive."""

    status, code = 400, "bad-archive"

    def text(self) -> str:
        return _(
            "L'archive envoyée n'est pas un fichier zip lisible, ou elle dépasse "
            "les limites (nombre de fichiers, taille)."
        )


class BlindReleaseError(SubmissionsError):
    """One grade cannot be released alone while identities are hidden."""

    status, code = 409, "blind-release"

    def text(self) -> str:
        return _(
            "Ce devoir est corrigé à l'aveugle : les notes et les identités sont "
            "publiées ensemble, avec le bouton « Publier les notes et révéler les identités »."
        )


class NothingToReleaseError(SubmissionsError):
    """The release queue is empty."""

    status, code = 409, "nothing-to-release"

    def text(self) -> str:
        return _("Aucune note n'attend d'être publiée.")
