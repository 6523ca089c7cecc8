"""The demo course and its fictional people (never real names).

Ids follow Moodle: 1 is the site course and the guest user, 2 the first admin.
"""

from __future__ import annotations

from lti_app.devlms.models import (
    EDITING_TEACHER,
    EMBED,
    NON_EDITING_TEACHER,
    STUDENT,
    WINDOW,
)

SITE_NAME = "LMS de développement Cartable"
TOOL_NAME = "Cartable"
DEPLOYMENT = 1

COURSE = {
    "id": 2,
    "label": "M1-PSAS",
    "title": "Master Politiques sociales — M1",
    "idnumber": "M1-PSAS-2025",
}

# id, username, given name, family name, ID number, locale, site admin, course role
PEOPLE: tuple[tuple[int, str, str, str, str, str, bool, str | None], ...] = (
    (2, "admin", "Admin", "Démo", "", "fr", True, None),
    (3, "mgarnier", "Mathilde", "Garnier", "ENS-0003", "fr", False, EDITING_TEACHER),
    (4, "imoreau", "Inès", "Moreau", "ETU-0004", "fr", False, STUDENT),
    (5, "ybelkacem", "Yanis", "Belkacem", "ETU-0005", "fr", False, STUDENT),
    (6, "lfontaine", "Léa", "Fontaine", "ETU-0006", "en", False, STUDENT),
    (7, "prenard", "Paul", "Renard", "ENS-0007", "fr", False, NON_EDITING_TEACHER),
    # The rest of the roster: students seen by NRPS even before they launch.
    (8, "ncaradec", "Nolwenn", "Caradec", "ETU-0008", "fr", False, STUDENT),
    (9, "tdiallo", "Thomas", "Diallo", "ETU-0009", "fr", False, STUDENT),
    (10, "cperrin", "Camille", "Perrin", "ETU-0010", "fr", False, STUDENT),
    (11, "hlegall", "Hugo", "Le Gall", "ETU-0011", "fr", False, STUDENT),
    (12, "snguyen", "Sarah", "Nguyen", "ETU-0012", "en", False, STUDENT),
    (13, "mbertin", "Malo", "Bertin", "ETU-0013", "fr", False, STUDENT),
)
EMAIL_DOMAIN = "lms-demo.example.test"

# Custom parameters set on the tool type, with Moodle's substitution variables.
TOOL_CUSTOM = {
    "course_label": "$Context.label",
    "user_username": "$User.username",
    "person_sourcedid": "$Person.sourcedId",
}

# What deep linking would put on the assignment's activity (the tool's target
# ``assignment:<slug>``; the slug is the tool's from the demo assignment's title).
ASSIGNMENT_TARGET = "assignment:travailler-sur-une-situation-de-partenariat"

ACTIVITIES = (
    {
        "id": 1,
        "name": "Cartable — Coordination et partenariats",
        "description": (
            "Coordination et partenariats dans l'action sociale et médico-sociale"
        ),
        "launch_container": EMBED,
        "custom": {"module": "coordination-partenariats"},
    },
    {
        "id": 2,
        "name": "Cartable — Dossier documentaire",
        "description": (
            "Références et documents du cours, ouverts dans une nouvelle fenêtre"
        ),
        "launch_container": WINDOW,
        "custom": {"module": "dossier-documentaire"},
    },
    {
        "id": 3,
        "name": "Travailler sur une situation de partenariat",
        "description": (
            "Analyser une situation de partenariat et envoyer une diapositive "
            "à l'enseignante"
        ),
        "launch_container": EMBED,
        "custom": {"cartable_target": ASSIGNMENT_TARGET},
    },
)

# The gradebook columns Moodle made for graded activities (grade type "point").
LINE_ITEMS = (
    {
        "id": 1,
        "activity_id": 3,
        "label": "Travailler sur une situation de partenariat",
        "score_maximum": 20.0,
    },
)
