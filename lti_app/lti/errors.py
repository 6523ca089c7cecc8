"""LTI failures, each with a stable reason code, a status and a bilingual message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l

RELAUNCH = _l("Relancez Cartable depuis la page de votre cours dans l'ENT (Moodle).")
ADMIN = _l("Transmettez ce code à l'administrateur de la plateforme.")

# code -> (HTTP status, what went wrong, what the person can do)
REASONS: dict[str, tuple[int, object, object]] = {
    "login-missing-param": (
        400,
        _l("La demande de connexion est incomplète."),
        RELAUNCH,
    ),
    "unknown-issuer": (
        400,
        _l("Cette plateforme n'est pas enregistrée dans Cartable."),
        ADMIN,
    ),
    "unknown-client": (
        400,
        _l("Cet identifiant client n'est pas enregistré pour cette plateforme."),
        ADMIN,
    ),
    "ambiguous-client": (
        400,
        _l(
            "Cette plateforme a plusieurs enregistrements et n'a pas indiqué lequel utiliser."
        ),
        ADMIN,
    ),
    "platform-inactive": (
        403,
        _l("L'enregistrement de cette plateforme est désactivé."),
        ADMIN,
    ),
    "bad-target-link": (
        400,
        _l("L'adresse de destination demandée n'appartient pas à Cartable."),
        ADMIN,
    ),
    "platform-refused": (
        400,
        _l("La plateforme a refusé d'ouvrir Cartable pour ce lancement."),
        ADMIN,
    ),
    "target-mismatch": (
        400,
        _l(
            "Le jeton d'identité désigne une autre page que celle demandée à la connexion."
        ),
        RELAUNCH,
    ),
    "missing-id-token": (
        400,
        _l("La réponse de la plateforme ne contient pas de jeton d'identité."),
        RELAUNCH,
    ),
    "missing-state": (
        400,
        _l("La réponse de la plateforme ne contient pas de paramètre d'état."),
        RELAUNCH,
    ),
    "state-cookie-missing": (
        400,
        _l("Votre navigateur n'a pas conservé le cookie de lancement."),
        _l(
            "Relancez l'activité ; si cela se reproduit, ouvrez-la dans une nouvelle fenêtre."
        ),
    ),
    "http-cross-site": (
        400,
        _l(
            "Cartable est servi en http sur un autre site que la plateforme : dans ce "
            "cas, aucun navigateur ne lui renvoie son cookie de lancement."
        ),
        _l(
            "Cartable doit être servi en https lorsqu’il n’est pas sur le même site que "
            "la plateforme (Moodle) : transmettez ce code à l’administrateur de "
            "Cartable."
        ),
    ),
    "bad-storage-target": (
        400,
        _l("Le cadre de stockage indiqué par la plateforme n'est pas valide."),
        ADMIN,
    ),
    "storage-mismatch": (
        400,
        _l(
            "Les valeurs relues dans le stockage de la plateforme ne correspondent pas "
            "à ce lancement."
        ),
        RELAUNCH,
    ),
    "state-mismatch": (
        400,
        _l("Le paramètre d'état ne correspond pas à ce navigateur."),
        RELAUNCH,
    ),
    "state-unknown": (
        400,
        _l("Ce lancement est inconnu, expiré ou déjà utilisé."),
        RELAUNCH,
    ),
    "malformed-jwt": (400, _l("Le jeton d'identité est mal formé."), RELAUNCH),
    "bad-alg": (
        401,
        _l("Le jeton d'identité n'est pas signé avec l'algorithme RS256."),
        ADMIN,
    ),
    "missing-kid": (
        401,
        _l("Le jeton d'identité n'indique pas sa clé de signature (kid)."),
        ADMIN,
    ),
    "unknown-kid": (
        401,
        _l("La clé de signature du jeton est introuvable chez la plateforme."),
        ADMIN,
    ),
    "bad-signature": (
        401,
        _l("La signature du jeton d'identité est invalide."),
        RELAUNCH,
    ),
    "jwks-unreachable": (
        424,
        _l("Les clés publiques de la plateforme sont inaccessibles."),
        _l(
            "Réessayez dans quelques minutes ; si cela persiste, prévenez l'administrateur."
        ),
    ),
    "wrong-audience": (
        401,
        _l("Le jeton d'identité n'est pas destiné à Cartable (aud)."),
        ADMIN,
    ),
    "azp-mismatch": (
        401,
        _l("Le destinataire autorisé du jeton (azp) n'est pas Cartable."),
        ADMIN,
    ),
    "azp-missing": (
        401,
        _l(
            "Le jeton a plusieurs destinataires mais pas de destinataire autorisé (azp)."
        ),
        ADMIN,
    ),
    "missing-time-claims": (
        401,
        _l("Le jeton d'identité n'indique pas sa date d'émission ou d'expiration."),
        ADMIN,
    ),
    "token-expired": (
        401,
        _l("Le jeton d'identité a expiré."),
        _l(
            "Relancez l'activité ; si cela persiste, l'horloge d'un serveur est peut-être décalée."
        ),
    ),
    "token-future": (
        401,
        _l("Le jeton d'identité est daté dans le futur."),
        _l(
            "L'horloge de la plateforme est sans doute décalée : prévenez l'administrateur."
        ),
    ),
    "token-too-old": (
        401,
        _l("Le jeton d'identité a été émis il y a trop longtemps."),
        RELAUNCH,
    ),
    "nonce-missing": (
        401,
        _l("Le jeton d'identité ne contient pas de nonce."),
        RELAUNCH,
    ),
    "nonce-unknown": (
        401,
        _l("Le nonce du jeton n'a pas été émis par Cartable pour ce lancement."),
        RELAUNCH,
    ),
    "nonce-replayed": (401, _l("Ce jeton d'identité a déjà été utilisé."), RELAUNCH),
    "deployment-unknown": (
        403,
        _l("Ce déploiement n'est pas enregistré pour cette plateforme."),
        ADMIN,
    ),
    "bad-version": (
        400,
        _l("Version LTI non prise en charge (1.3.0 attendue)."),
        ADMIN,
    ),
    "missing-message-type": (400, _l("Le type de message LTI est absent."), ADMIN),
    "unknown-message-type": (
        400,
        _l("Ce type de message LTI n'est pas pris en charge."),
        ADMIN,
    ),
    "missing-roles": (
        400,
        _l("Les rôles de l'utilisateur sont absents du jeton."),
        ADMIN,
    ),
    "missing-sub": (
        400,
        _l("L'identifiant de l'utilisateur (sub) est absent du jeton."),
        ADMIN,
    ),
    "missing-resource-link": (
        400,
        _l("L'identifiant de l'activité (resource_link) est absent."),
        ADMIN,
    ),
    "missing-context": (400, _l("Le cours (context) est absent du jeton."), ADMIN),
    "invalid-claims": (400, _l("Le contenu du jeton d'identité est invalide."), ADMIN),
    "not-deep-linking": (
        400,
        _l("Ce lancement n'est pas une demande de sélection de contenu."),
        RELAUNCH,
    ),
    "deep-linking-settings": (
        400,
        _l(
            "Les réglages de sélection de contenu envoyés par la plateforme sont invalides."
        ),
        ADMIN,
    ),
    "deep-linking-selection": (
        422,
        _l("Cette sélection ne correspond pas à ce que la plateforme accepte."),
        _l("Revenez au choix des contenus et sélectionnez ce que la page propose."),
    ),
    "review-invalid": (
        400,
        _l(
            "La consultation d'un dépôt ne désigne pas l'étudiant·e ou la colonne de notes."
        ),
        ADMIN,
    ),
    "review-not-yours": (
        403,
        _l("Vous ne pouvez consulter que votre propre dépôt."),
        RELAUNCH,
    ),
    "privacy-invalid": (
        400,
        _l("La demande de données personnelles ne désigne pas la personne concernée."),
        ADMIN,
    ),
    "privacy-not-yours": (
        403,
        _l("Vous ne pouvez consulter que vos propres données."),
        RELAUNCH,
    ),
    "session-missing": (
        401,
        _l("Aucun lancement en cours : Cartable s'ouvre depuis votre cours."),
        RELAUNCH,
    ),
    "session-expired": (401, _l("Votre session Cartable a expiré."), RELAUNCH),
}


class CodedError(Exception):
    """A refusal with a stable code: its status, message and advice come from a table."""

    reasons: ClassVar[Mapping[str, tuple[int, Any, Any]]] = {}

    def __init__(self, code: str, detail: str = "") -> None:
        if code not in self.reasons:
            raise ValueError(f"unknown {type(self).__name__} reason code {code!r}")
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail

    @property
    def status(self) -> int:
        """The HTTP status answering this refusal."""
        return self.reasons[self.code][0]

    @property
    def message(self) -> str:
        """What went wrong, in the current locale."""
        return str(self.reasons[self.code][1])

    @property
    def advice(self) -> str:
        """What the reader can do, in the current locale."""
        return str(self.reasons[self.code][2])


class LtiError(CodedError):
    """A refused LTI request; ``code`` is stable and shown to the person."""

    reasons = REASONS
