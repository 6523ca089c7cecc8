"""The styles offered to the instructor: names, descriptions, and a preview."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from bibliography import (
    LocaleError,
    Person,
    Rendered,
    StyleError,
    render_bibliography,
)
from bibliography import Reference as Meaning
from lti_app.extensions import db
from lti_app.references.models import Reference
from lti_app.references.rendering import csl_locale

PREVIEW_SIZE = 3


@dataclass(frozen=True)
class StyleChoice:
    """A CSL style id with its name and what it is for, in the reader's language."""

    id: str
    title: LazyString
    description: LazyString


OFFERED = (
    StyleChoice("apa-fr-adapted", _l("APA 7e édition, adaptation française"),
                _l("Auteur-date, « et » entre les noms, « (dir.) » pour les "
                   "ouvrages collectifs : l’usage des sciences sociales en France.")),
    StyleChoice("apa", _l("APA 7e édition"),
                _l("Auteur-date, « & » entre les noms : la norme américaine, "
                   "répandue en psychologie et dans les revues internationales.")),
    StyleChoice("iso690-author-date-fr-no-abstract", _l("ISO 690, auteur-date"),
                _l("La norme internationale des bibliothèques : noms en capitales, "
                   "prénoms en entier.")),
    StyleChoice("chicago-author-date-fr", _l("Chicago, auteur-date (en français)"),
                _l("Prénoms en entier, titres d’articles entre guillemets : "
                   "courant en histoire et en sociologie.")),
)  # fmt: skip
_BY_ID = {choice.id: choice for choice in OFFERED}
# When the course has fewer than three references: a book, a chapter, an article.
_SAMPLES = (
    Meaning("dubois2010", "book", (
        ("title", "La vie au guichet"),
        ("subtitle", "relation administrative et traitement de la misère"),
        ("publisher", "Economica"), ("address", "Paris"), ("year", "2010"),
    ), authors=(Person(family="Dubois", given="Vincent"),)),
    Meaning("lipsky2010", "incollection", (
        ("title", "Street-level bureaucracy"), ("booktitle", "Public administration"),
        ("publisher", "Routledge"), ("address", "London"), ("year", "2010"),
        ("pages", "51-67"),
    ), authors=(Person(family="Lipsky", given="Michael"),),
       editors=(Person(family="Roe", given="Rachel"),
                Person(family="Poe", given="Paul"))),
    Meaning("damon2002", "article", (
        ("title", "La dictature du partenariat"), ("journal", "Futuribles"),
        ("year", "2002"), ("number", "273"), ("pages", "27-41"),
    ), authors=(Person(family="Damon", given="Julien"),)),
)  # fmt: skip


def style_title(style: str) -> str:
    """An offered style by its name; any other id as typed."""
    choice = _BY_ID.get(style)
    return str(choice.title) if choice else style


def preview_references(course_id: int) -> list[Meaning]:
    """Three of the course's references, of different types when it can."""
    rows = db.session.scalars(
        select(Reference)
        .where(Reference.course_id == course_id, Reference.deleted_at.is_(None))
        .order_by(Reference.key_folded)
        .limit(50)
    )
    chosen: dict[str, Meaning] = {}
    rest: list[Meaning] = []
    for row in rows:
        meaning = Meaning.from_json(row.meaning)
        if meaning.entry_type in chosen:
            rest.append(meaning)
        else:
            chosen[meaning.entry_type] = meaning
    picked = [*chosen.values(), *rest][:PREVIEW_SIZE]
    return picked if len(picked) == PREVIEW_SIZE else list(_SAMPLES)


def previews(
    references: list[Meaning], styles: list[str], language: str
) -> dict[str, list[Rendered]]:
    """Each style's rendering of ``references`` (empty when it cannot render)."""
    out: dict[str, list[Rendered]] = {}
    for style in styles:
        try:
            out[style] = render_bibliography(references, style, csl_locale(language))
        except (StyleError, LocaleError):
            out[style] = []
    return out
