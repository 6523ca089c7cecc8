"""Refusals of a Dynamic Registration, each with a stable code and bilingual text.

The same shape as :mod:`lti_app.lti.errors`, kept apart because the person reading
them is an LMS administrator registering the tool, not someone launching it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lti_app.lti.errors import CodedError

NEW_CODE = _l(
    "Créez une nouvelle adresse avec « flask --app lti_app platforms "
    "registration-url » et collez-la entière dans la plateforme."
)
FROM_PLATFORM = _l(
    "Lancez l'enregistrement depuis la plateforme (Moodle : Administration du site > "
    "Plugins > Outil externe > Gérer les outils > URL de l'outil > Ajouter LTI "
    "Advantage), sans ouvrir l'adresse vous-même."
)
ALLOWED_NETWORKS = _l(
    "Si la plateforme est bien sur ce réseau interne, ajoutez-le au réglage "
    "CARTABLE_REGISTRATION_ALLOWED_NETWORKS (par exemple 10.0.0.0/8), puis recommencez."
)
NETWORK = _l(
    "Vérifiez que le serveur de Cartable peut joindre la plateforme (pare-feu, "
    "proxy, DNS), puis recommencez avec une nouvelle adresse de la plateforme."
)

# code -> (HTTP status, what went wrong, what the administrator can do)
REASONS: dict[str, tuple[int, object, object]] = {
    "registration-code-missing": (
        400,
        _l("L'adresse d'enregistrement ne contient pas de code d'enregistrement."),
        NEW_CODE,
    ),
    "registration-code-unknown": (
        403,
        _l("Ce code d'enregistrement est inconnu de Cartable."),
        NEW_CODE,
    ),
    "registration-code-used": (
        409,
        _l("Ce code d'enregistrement a déjà servi : il ne vaut qu'une fois."),
        NEW_CODE,
    ),
    "registration-code-expired": (
        410,
        _l("Ce code d'enregistrement a expiré."),
        NEW_CODE,
    ),
    "registration-missing-configuration": (
        400,
        _l(
            "La plateforme n'a pas indiqué l'adresse de sa configuration "
            "(openid_configuration)."
        ),
        FROM_PLATFORM,
    ),
    "registration-bad-url": (
        400,
        _l("Une adresse donnée par la plateforme n'est pas une adresse web valide."),
        FROM_PLATFORM,
    ),
    "registration-https-required": (
        400,
        _l("Cartable ne contacte une plateforme qu'en https."),
        _l(
            "Servez la plateforme en https ; sur un réseau interne, ajoutez son "
            "réseau au réglage CARTABLE_REGISTRATION_ALLOWED_NETWORKS."
        ),
    ),
    "registration-address-refused": (
        403,
        _l(
            "L'adresse de la plateforme est une adresse interne (privée, locale ou "
            "de lien local) que Cartable ne contacte pas."
        ),
        ALLOWED_NETWORKS,
    ),
    "registration-unreachable": (
        424,
        _l("La plateforme n'a pas pu être jointe."),
        NETWORK,
    ),
    "registration-timeout": (
        424,
        _l("La plateforme n'a pas répondu à temps."),
        NETWORK,
    ),
    "registration-bad-configuration": (
        422,
        _l("La configuration de la plateforme n'est pas un document JSON lisible."),
        FROM_PLATFORM,
    ),
    "registration-issuer-mismatch": (
        422,
        _l(
            "L'émetteur (issuer) déclaré par la plateforme ne correspond pas à "
            "l'adresse de sa configuration."
        ),
        _l(
            "L'issuer doit être le début de l'adresse openid_configuration (Moodle : "
            "son adresse principale, wwwroot). Corrigez l'adresse de la plateforme."
        ),
    ),
    "registration-incomplete-configuration": (
        422,
        _l(
            "Des éléments obligatoires manquent dans la configuration de la plateforme."
        ),
        _l(
            "La plateforme doit publier authorization_endpoint, token_endpoint, "
            "jwks_uri, registration_endpoint et sa configuration LTI ; mettez-la à jour."
        ),
    ),
    "registration-refused-by-platform": (
        424,
        _l("La plateforme a refusé l'enregistrement de Cartable."),
        _l(
            "Le jeton d'enregistrement de la plateforme ne sert qu'une fois : "
            "recommencez depuis la plateforme, avec une nouvelle adresse de Cartable."
        ),
    ),
    "registration-bad-response": (
        422,
        _l(
            "La réponse de la plateforme ne contient pas d'identifiant client ou de "
            "déploiement."
        ),
        _l("Enregistrez Cartable à la main avec les valeurs de la page de diagnostic."),
    ),
    "registration-client-exists": (
        409,
        _l(
            "Cet identifiant client est déjà enregistré avec d'autres adresses : "
            "Cartable ne l'a pas remplacé."
        ),
        _l(
            "Supprimez l'ancien enregistrement (flask --app lti_app platforms remove) "
            "puis recommencez, ou gardez l'ancien."
        ),
    ),
}


class RegistrationError(CodedError):
    """A refused registration; ``code`` is stable and shown to the administrator."""

    reasons = REASONS
