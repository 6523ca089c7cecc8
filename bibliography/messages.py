"""French and English message templates, keyed by stable problem/error code."""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_LANGUAGE = "fr"

TEMPLATES: Mapping[str, Mapping[str, str]] = {
    "fr": {
        "bibliography-error": "Erreur de bibliographie.",
        "parse-error": "Lecture impossible : {detail}",
        "encoding": "Encodage {encoding} détecté ; le fichier devrait être en UTF-8.",
        "encoding-invalid": "Fichier illisible : ni UTF-8 ni Latin-1.",
        "input-too-large": "Fichier trop volumineux ({size} octets, maximum {limit}).",
        "too-many-entries": "Trop d'entrées (maximum {limit}).",
        "entry-too-large": "Entrée « {key} » trop longue (maximum {limit} caractères).",
        "expansion-too-large": "Entrée « {key} » trop longue une fois développée "
        "(macros @string, crossref) : maximum {limit} caractères.",
        "expansion-budget": "Les macros @string et les crossref ajoutent plus de "
        "{limit} caractères au fichier : « {key} » n’est pas lue.",
        "too-many-lines": "Trop de lignes (maximum {limit}).",
        "too-many-problems": "Problèmes non listés au-delà des {limit} premiers : "
        "{count}.",
        "time-budget": "Lecture interrompue ligne {line} : plus de {seconds} s "
        "de calcul.",
        "json-too-deep": "JSON trop imbriqué ligne {line} (maximum {limit} niveaux).",
        "json-too-many-values": "Trop de valeurs dans le JSON (maximum {limit}).",
        "json-number-too-long": "Nombre trop long ligne {line} "
        "(maximum {limit} chiffres).",
        "csljson-field": "Champ « {field} » de « {key} » ignoré : valeur "
        "illisible ou d’un type inattendu.",
        "style": "Style CSL invalide ou introuvable : {detail}",
        "locale": "Langue de citation indisponible : {locale}",
        "format": "Format non reconnu : {detail}",
        "unbalanced-braces": "Accolades non équilibrées dans l'entrée « {key} ».",
        "syntax": "Syntaxe BibTeX invalide dans l'entrée « {key} ».",
        "missing-key": "Entrée sans clé.",
        "duplicate-key": "Clé « {key} » en double (déjà définie ligne {first_line}).",
        "duplicate-field": "Champ « {field} » en double dans « {key} » ; "
        "la première valeur est conservée.",
        "unknown-type": "Type d'entrée inconnu « {type} » pour « {key} ».",
        "missing-field": "Champ obligatoire « {field} » absent de « {key} ».",
        "undefined-macro": "Macro « {macro} » non définie dans « {key} ».",
        "missing-crossref": "Référence croisée « {parent} » introuvable "
        "pour « {key} ».",
        "bad-name": "Nom illisible dans le champ « {field} » de « {key} ».",
        "unsafe-url": "Lien non http(s) ignoré dans « {key} ».",
        "ris-unterminated": "Notice RIS « {key} » sans balise ER finale.",
        "ris-syntax": "Ligne RIS invalide : {detail}",
        "csljson-invalid": "CSL-JSON invalide : {detail}",
        "duplicate-doi": "« {key} » a le même DOI que « {other} ».",
        "duplicate-title": "« {key} » semble être un doublon de « {other} ».",
        "unknown-citation": "Référence citée inconnue : « {key} ».",
    },
    "en": {
        "bibliography-error": "Bibliography error.",
        "parse-error": "Cannot read the input: {detail}",
        "encoding": "{encoding} encoding detected; the file should be UTF-8.",
        "encoding-invalid": "Unreadable file: neither UTF-8 nor Latin-1 text.",
        "input-too-large": "Input too large ({size} bytes, limit {limit}).",
        "too-many-entries": "Too many entries (limit {limit}).",
        "entry-too-large": "Entry '{key}' too long (limit {limit} characters).",
        "expansion-too-large": "Entry '{key}' too long once expanded (@string macros, "
        "crossref): limit {limit} characters.",
        "expansion-budget": "The @string macros and crossrefs add more than {limit} "
        "characters to the file: '{key}' is not read.",
        "too-many-lines": "Too many lines (limit {limit}).",
        "too-many-problems": "Problems not listed beyond the first {limit}: {count}.",
        "time-budget": "Reading stopped at line {line}: more than {seconds} s of "
        "computation.",
        "json-too-deep": "JSON nested too deeply on line {line} (limit {limit} levels).",
        "json-too-many-values": "Too many values in the JSON (limit {limit}).",
        "json-number-too-long": "Number too long on line {line} (limit {limit} digits).",
        "csljson-field": "Field '{field}' of '{key}' ignored: unreadable value or "
        "unexpected type.",
        "style": "Invalid or unknown CSL style: {detail}",
        "locale": "Citation locale not available: {locale}",
        "format": "Unrecognised format: {detail}",
        "unbalanced-braces": "Unbalanced braces in entry '{key}'.",
        "syntax": "Invalid BibTeX syntax in entry '{key}'.",
        "missing-key": "Entry without a key.",
        "duplicate-key": "Duplicate key '{key}' (first defined on line {first_line}).",
        "duplicate-field": "Duplicate field '{field}' in '{key}'; the first value "
        "is kept.",
        "unknown-type": "Unknown entry type '{type}' for '{key}'.",
        "missing-field": "Required field '{field}' missing from '{key}'.",
        "undefined-macro": "Undefined macro '{macro}' in '{key}'.",
        "missing-crossref": "Cross-reference '{parent}' not found for '{key}'.",
        "bad-name": "Unreadable name in field '{field}' of '{key}'.",
        "unsafe-url": "Non-http(s) link ignored in '{key}'.",
        "ris-unterminated": "RIS record '{key}' has no final ER tag.",
        "ris-syntax": "Invalid RIS line: {detail}",
        "csljson-invalid": "Invalid CSL-JSON: {detail}",
        "duplicate-doi": "'{key}' has the same DOI as '{other}'.",
        "duplicate-title": "'{key}' looks like a duplicate of '{other}'.",
        "unknown-citation": "Unknown cited reference: '{key}'.",
    },
}


class _Defaulting(dict[str, object]):
    """Leave unknown placeholders visible instead of raising ``KeyError``."""

    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def render_message(
    code: str, params: Mapping[str, object], language: str = DEFAULT_LANGUAGE
) -> str:
    """Fill the template of ``code`` in ``language`` (French if unknown)."""
    templates = TEMPLATES.get(language, TEMPLATES[DEFAULT_LANGUAGE])
    template = templates.get(code, templates["bibliography-error"])
    return template.format_map(_Defaulting(params))
