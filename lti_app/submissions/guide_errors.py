"""What can go wrong with a marking guide, each error knowing its status and message."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from lti_app.submissions.errors import SubmissionsError


def _points(value: float) -> str:
    return format(round(value, 2), "g")


class GuideTotalError(SubmissionsError):
    """The criteria do not add up to the assignment's points."""

    status, code = 422, "guide-total"

    def __init__(self, total: float, points: float) -> None:
        super().__init__(total, points)
        self.total, self.points = total, points

    def text(self) -> str:
        return _(
            "Le total des critères (%(total)s points) doit être égal aux points du "
            "devoir (%(points)s) : ajustez les critères ou les points du devoir.",
            total=_points(self.total),
            points=_points(self.points),
        )


class GuideSizeError(SubmissionsError):
    """An imported file over the size limit."""

    status, code = 413, "guide-too-large"

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit

    def text(self) -> str:
        return _(
            "Le fichier de grille dépasse %(kb)d Ko : rien n’a été importé.",
            kb=self.limit // 1024,
        )


class GuideFormatError(SubmissionsError):
    """An imported file that is neither the JSON nor the CSV of a guide."""

    status, code = 415, "guide-format"

    def text(self) -> str:
        return _(
            "Ce fichier n’est pas une grille lisible : attendu un JSON (objet avec "
            "une liste « criteria ») ou un CSV en UTF-8 avec les colonnes title, "
            "student_description, marker_description, max_points, levels."
        )


class GuideCountError(SubmissionsError):
    """No criterion, or more than the limit."""

    status, code = 422, "guide-count"

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit

    def text(self) -> str:
        return ngettext(
            "Une grille compte de 1 à %(num)d critère.",
            "Une grille compte de 1 à %(num)d critères.",
            self.limit,
        )


class CriterionFieldError(SubmissionsError):
    """One field of one criterion is missing, of the wrong type or too long."""

    status, code = 422, "guide-field"

    def __init__(self, number: int, field: str) -> None:
        super().__init__(number, field)
        self.number, self.field = number, field

    def text(self) -> str:
        return _(
            "Critère %(n)d : le champ « %(field)s » est manquant, trop long ou "
            "d’un type inattendu.",
            n=self.number,
            field=self.field,
        )


class LevelsError(SubmissionsError):
    """Levels that are not a short list of distinct points within the criterion's."""

    status, code = 422, "guide-levels"

    def __init__(self, number: int, limit: int) -> None:
        super().__init__(number, limit)
        self.number, self.limit = number, limit

    def text(self) -> str:
        return _(
            "Critère %(n)d : niveaux invalides. Un niveau par ligne, « points | "
            "intitulé | description » ; %(limit)d niveaux au plus, des points "
            "différents entre 0 et le maximum du critère, dont un au maximum.",
            n=self.number,
            limit=self.limit,
        )


class CriterionScoreError(SubmissionsError):
    """A criterion's score outside 0..max, or not one of its levels."""

    status, code = 400, "criterion-score"

    def __init__(self, title: str, points: float) -> None:
        super().__init__(title, points)
        self.title, self.points = title, points

    def text(self) -> str:
        return _(
            "« %(title)s » : la note doit être un nombre entre 0 et %(points)s "
            "(virgule ou point pour les décimales), ou l’un des niveaux proposés.",
            title=self.title,
            points=_points(self.points),
        )


class CommentTooLongError(SubmissionsError):
    """A criterion comment over the length limit."""

    status, code = 400, "criterion-comment"

    def __init__(self, title: str, limit: int) -> None:
        super().__init__(title, limit)
        self.title, self.limit = title, limit

    def text(self) -> str:
        return _(
            "« %(title)s » : le commentaire dépasse %(limit)d caractères.",
            title=self.title,
            limit=self.limit,
        )
