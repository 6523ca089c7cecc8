"""The demo course's bibliography: the shipped .bib and two reading-list sections."""

from __future__ import annotations

from flask import current_app

from bibliography.demo import demo_bibtex
from lti_app.references import imports, queries, service

# (section title, presentation, [(key, importance, note to students)])
SECTIONS = (
    (
        "Coordination et partenariats dans l'action sociale et médico-sociale",
        "Textes pour comprendre ce que « travailler en partenariat » veut dire, "
        "et ce que cela change pour les professionnel·les et les publics.",
        [
            (
                "morel2020",
                "essential",
                "À lire avant la première séance : la méthode d'enquête sur laquelle "
                "s'appuie tout le cours.",
            ),
            (
                "lyet2008",
                "essential",
                "Le partenariat comme institution fragile : retenez la notion de "
                "gouvernance partenariale.",
            ),
            (
                "damon2002",
                "recommended",
                "Article court et critique, utile pour la discussion en TD.",
            ),
            (
                "dumont2012",
                "further",
                "Pour le dossier : les outils du diagnostic territorial.",
            ),
        ],
    ),
    (
        "Les élu·es dans l'action sociale et médico-sociale",
        "Le rôle des élu·es locaux et des agent·es face aux usager·es : "
        "décider, prioriser, appliquer.",
        [
            (
                "rouzeau2018",
                "essential",
                "Le chef de filat départemental : support de la séance 3.",
            ),
            (
                "biland2019",
                "recommended",
                "Synthèse claire sur les agent·es des collectivités ; chapitres 1 et 3.",
            ),
            (
                "lipsky1980",
                "recommended",
                "Classique en anglais : l'introduction suffit pour la séance.",
            ),
            (
                "serre2009",
                "further",
                "Enquête de terrain sur les signalements, pour approfondir.",
            ),
            (
                "warin2002",
                "further",
                "Pour le mémoire : les agents de guichet entre qualité et équité.",
            ),
            (
                "spire2005",
                "further",
                "Pour comparer avec l'administration des étrangers.",
            ),
        ],
    ),
)


def seed_demo_bibliography(course_id: int) -> int:
    """Import the demo references and sections once; return how many were added."""
    limit = int(current_app.config["CARTABLE_BIB_MAX_BYTES"])
    parsed = imports.read_input(demo_bibtex(), "demo_course.bib", limit, upload=True)
    summary, _rows = imports.import_now(course_id, None, parsed)
    existing = {s.title: s for s in queries.list_sections(course_id)}
    for title, description, placements in SECTIONS:
        section = existing.get(title) or service.create_section(
            course_id, title, description
        )
        placed = {item.reference_id for item in section.items}
        for key, importance, note in placements:
            reference = queries.find_reference_by_key(course_id, key)
            if reference is not None and reference.id not in placed:
                service.add_item(section, reference, importance, note)
    return summary.added
