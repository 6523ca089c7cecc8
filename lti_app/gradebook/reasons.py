"""Why a grade waits or failed: stable codes, a sentence for staff in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lti_app.lti.service_http import ServiceError
from lti_app.lti.service_token import TokenError

LABELS = {
    "lms-unreachable": _l(
        "La plateforme ne répond pas pour le moment : la note repartira automatiquement."
    ),
    "token-refused": _l(
        "La plateforme refuse l'accès au service de notes. Vérifiez l'enregistrement "
        "de l'outil (clés publiques, adresses bloquées par Moodle)."
    ),
    "no-grade-service": _l(
        "Aucun lancement n'a encore indiqué le service de notes de ce cours : "
        "ouvrez l'activité depuis Moodle, puis renvoyez."
    ),
    "not-gradable": _l(
        "La plateforme refuse une note pour cette personne (enseignant·e, ou plus "
        "inscrite comme étudiant·e)."
    ),
    "lms-newer-grade": _l(
        "La plateforme détient une note plus récente : nouvel essai automatique."
    ),
    "lms-refused": _l("La plateforme a refusé la note."),
}


def label(code: str | None) -> str:
    """The sentence for a reason code, in the current locale ("" for none)."""
    return str(LABELS.get(code or "", LABELS["lms-refused"])) if code else ""


def code_of(error: ServiceError) -> str:
    """Classify a service failure."""
    if isinstance(error, TokenError):
        return "lms-unreachable" if error.transient else "token-refused"
    if error.status == 409:
        return "lms-newer-grade"
    if error.transient:
        return "lms-unreachable"
    if error.status == 400:
        return "not-gradable"
    return "lms-refused"
