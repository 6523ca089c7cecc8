"""The demo assignment's marking guide: the course's analysis grid, as criteria.

The slide describes a partnership situation, then analyses it with the notions of
the course; the points follow that split (description 5, analysis 15).
"""

from __future__ import annotations

from lti_app.submissions.guide_service import CriterionInput, Level

GRID = [
    CriterionInput(
        title="Décrire la situation",
        max_points=5,
        student_text=(
            "Les acteurs en présence, le lieu, la période, le déroulement "
            "concret de l’action et ses objectifs affichés."
        ),
        marker_text="Les cinq éléments doivent être identifiables sur la diapositive.",
        levels=(
            Level("Complète", 5, "Les cinq éléments sont présents et précis."),
            Level("Partielle", 3, "Un ou deux éléments manquent ou restent vagues."),
            Level("Esquissée", 1, "La situation se devine à peine."),
            Level("Absente", 0, "Aucune description exploitable."),
        ),
    ),
    CriterionInput(
        title="Qualifier le partenariat",
        max_points=2,
        student_text=(
            "Dire si le partenariat réunit plusieurs institutions ou des "
            "services d’une même institution, en le justifiant."
        ),
        marker_text="Une justification est attendue, pas seulement l’étiquette.",
    ),
    CriterionInput(
        title="Formes de la collaboration",
        max_points=2,
        student_text=(
            "Préciser si la collaboration est formalisée (convention, "
            "instance) ou non, et si elle engage des personnes ou des "
            "institutions."
        ),
    ),
    CriterionInput(
        title="Situer dans la grille de Lyet",
        max_points=4,
        student_text=(
            "Placer la situation dans la typologie vue en cours : d’où "
            "vient le partenariat et quelle forme il prend."
        ),
        marker_text="Valoriser l’usage argumenté de la typologie, pas sa récitation.",
    ),
    CriterionInput(
        title="Rapports de force",
        max_points=2,
        student_text="Repérer qui pèse sur les décisions, et avec quelles ressources.",
    ),
    CriterionInput(
        title="Tensions et désaccords",
        max_points=3,
        student_text=(
            "Relever les tensions entre institutions ou entre métiers "
            "autour de ce partenariat."
        ),
    ),
    CriterionInput(
        title="Effets et résultats",
        max_points=2,
        student_text="Ce que la démarche a produit, et ce qu’elle n’a pas produit.",
    ),
]
