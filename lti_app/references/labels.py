"""What people call entry types and fields (the form never shows BibTeX names)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

TYPE_LABELS: dict[str, LazyString] = {
    "article": _l("Article de revue"),
    "book": _l("Livre"),
    "booklet": _l("Brochure"),
    "collection": _l("Ouvrage collectif"),
    "conference": _l("Communication à un colloque"),
    "dataset": _l("Jeu de données"),
    "electronic": _l("Document électronique"),
    "inbook": _l("Partie d’un livre"),
    "incollection": _l("Chapitre d’ouvrage"),
    "inproceedings": _l("Communication (actes de colloque)"),
    "inreference": _l("Article de dictionnaire ou d’encyclopédie"),
    "jurisdiction": _l("Décision de justice"),
    "legislation": _l("Texte juridique (loi, décret…)"),
    "manual": _l("Manuel ou guide technique"),
    "mastersthesis": _l("Mémoire de master"),
    "misc": _l("Autre document"),
    "mvbook": _l("Livre en plusieurs volumes"),
    "mvcollection": _l("Ouvrage collectif en plusieurs volumes"),
    "online": _l("Page web"),
    "patent": _l("Brevet"),
    "periodical": _l("Numéro de revue"),
    "phdthesis": _l("Thèse de doctorat"),
    "proceedings": _l("Actes de colloque"),
    "reference": _l("Dictionnaire ou encyclopédie"),
    "report": _l("Rapport"),
    "software": _l("Logiciel"),
    "standard": _l("Norme"),
    "techreport": _l("Rapport technique"),
    "thesis": _l("Thèse ou mémoire"),
    "unpublished": _l("Document non publié"),
    "www": _l("Site web"),
}
FIELD_LABELS: dict[str, LazyString] = {
    "author": _l("Auteur·es"), "editor": _l("Éditeur·rices scientifiques (dir.)"),
    "title": _l("Titre"), "subtitle": _l("Sous-titre"),
    "booktitle": _l("Titre de l’ouvrage"), "journal": _l("Revue"),
    "journaltitle": _l("Titre de la revue"), "year": _l("Année"),
    "date": _l("Date de publication"),
    "month": _l("Mois"), "volume": _l("Volume"), "number": _l("Numéro"),
    "pages": _l("Pages"), "chapter": _l("Chapitre"), "edition": _l("Édition"),
    "series": _l("Collection"), "publisher": _l("Éditeur (maison d’édition)"),
    "address": _l("Lieu d’édition"), "institution": _l("Institution"),
    "school": _l("Établissement (thèse, mémoire)"),
    "howpublished": _l("Mode de publication"), "doi": _l("DOI"),
    "url": _l("Adresse web (URL)"), "urldate": _l("Date de consultation"),
    "isbn": _l("ISBN"), "issn": _l("ISSN"), "langid": _l("Langue"),
    "note": _l("Note"), "type": _l("Nature du document"),
    "organization": _l("Organisme"), "version": _l("Version"),
}  # fmt: skip
FIELD_HINTS: dict[str, LazyString] = {
    "author": _l("Une personne par ligne, nom puis prénom, ex. Lipsky, Michael."),
    "editor": _l("Une personne par ligne, nom puis prénom, ex. Dubois, Vincent."),
    "title": _l("Ex. La vie au guichet"),
    "subtitle": _l("Ex. relation administrative et traitement de la misère"),
    "booktitle": _l("Titre de l’ouvrage qui contient le chapitre."),
    "journal": _l("Ex. Revue française de science politique"),
    "year": _l("Quatre chiffres, ex. 2010"),
    "date": _l("AAAA-MM-JJ, ou AAAA, ex. 2010-03-15"),
    "urldate": _l("AAAA-MM-JJ, ex. 2026-12-07"),
    "pages": _l("Ex. 45-67"), "publisher": _l("Ex. Economica"),
    "address": _l("Ex. Paris"), "doi": _l("Ex. 10.3917/rfsp.601.0005"),
    "url": _l("Ex. https://www.example.org/page"), "edition": _l("Ex. 2"),
    "langid": _l("Ex. french, english"),
    "type": _l("Ex. Rapport d’activité, Thèse de sociologie"),
}  # fmt: skip
# A requirement met by any one of several fields, said in plain words.
GROUP_LABELS: dict[tuple[str, ...], LazyString] = {
    ("author", "editor"): _l("Au moins un auteur ou un éditeur scientifique"),
    ("year", "date"): _l("L’année ou la date de publication"),
    ("journal", "journaltitle"): _l("Le nom de la revue"),
    ("school", "institution"): _l("L’établissement ou l’institution"),
    ("chapter", "pages"): _l("Le chapitre ou les pages"),
    ("url", "doi"): _l("L’adresse web ou le DOI"),
}


def field_label(name: str) -> str:
    """A field's label; a field we have no word for keeps its own name."""
    return str(FIELD_LABELS.get(name, name))


def group_label(group: tuple[str, ...]) -> str:
    """A requirement in plain words (one field: its label)."""
    label = GROUP_LABELS.get(group)
    return str(label) if label else " / ".join(field_label(n) for n in group)
