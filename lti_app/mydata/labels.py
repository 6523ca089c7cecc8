"""How the readable index names each field of data.json, in the person's language.

A field missing here is shown under its JSON name: the index stays complete.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

FIELDS: dict[str, Any] = {
    "issuer": _l("Plateforme (identifiant)"),
    "sub": _l("Votre identifiant sur la plateforme"),
    "course_id": _l("Numéro du cours dans Cartable"),
    "context_id": _l("Identifiant du cours sur la plateforme"),
    "question_id": _l("Numéro de la question"),
    "assignment_id": _l("Numéro du devoir"),
    "accepted": _l("Acceptée"),
    "anonymous": _l("Anonyme pour la classe"),
    "anonymous_to_class": _l("Anonyme pour la classe"),
    "answer": _l("Réponse"),
    "answered_at": _l("Répondu le"),
    "answers": _l("Réponses"),
    "asked_at": _l("Posée le"),
    "asked_by": _l("Posée par"),
    "assignment": _l("Devoir"),
    "assignments": _l("Devoirs"),
    "assistant_granted_in_cartable": _l("Rôle d’assistant·e accordé dans Cartable"),
    "at": _l("Le"),
    "body": _l("Texte"),
    "by": _l("Par"),
    "category": _l("Catégorie"),
    "column": _l("Colonne du carnet de notes"),
    "comment": _l("Commentaire"),
    "comments": _l("Commentaires"),
    "course": _l("Cours"),
    "courses": _l("Cours"),
    "created_at": _l("Créée le"),
    "drafts": _l("Brouillons"),
    "email": _l("Adresse électronique"),
    "extended_to": _l("Délai prolongé jusqu’au"),
    "family_name": _l("Nom"),
    "feedback": _l("Retour"),
    "feedback_file": _l("Fichier de retour"),
    "file": _l("Fichier"),
    "files": _l("Fichiers"),
    "given_name": _l("Prénom"),
    "grade": _l("Note"),
    "identity": _l("Identité transmise par la plateforme"),
    "in_faq": _l("Dans la FAQ"),
    "kind": _l("Type"),
    "last_launch_at": _l("Dernier lancement"),
    "late": _l("En retard"),
    "lms_roles": _l("Rôles transmis par la plateforme"),
    "locale": _l("Langue"),
    "me_too_on_questions": _l("« Moi aussi » sur les questions"),
    "module": _l("Module"),
    "name": _l("Nom complet"),
    "opened_at": _l("Ouvert le"),
    "out_of": _l("Sur"),
    "points": _l("Points"),
    "queued_at": _l("Mis en file le"),
    "read_at": _l("Lu le"),
    "read_marks": _l("Fils lus"),
    "reading_marks": _l("Marques de lecture"),
    "reading_progress": _l("Progression"),
    "reference": _l("Référence"),
    "released_at": _l("Publiée le"),
    "role": _l("Rôle"),
    "score": _l("Note"),
    "sent_at": _l("Envoyé le"),
    "sent_name": _l("Nom du fichier envoyé"),
    "size": _l("Taille (octets)"),
    "state": _l("État"),
    "status": _l("Statut"),
    "subject": _l("Objet"),
    "submitted_at": _l("Remis le"),
    "suggestions": _l("Suggestions"),
    "text": _l("Texte"),
    "threads": _l("Fils de questions"),
    "title": _l("Titre"),
    "updated_at": _l("Mis à jour le"),
    "version": _l("Version"),
    "versions": _l("Versions"),
    "visibility": _l("Visibilité"),
}


def field_label(key: str) -> str:
    """The field's name for people, or its JSON name when none is known."""
    label = FIELDS.get(key)
    return str(label) if label is not None else key
