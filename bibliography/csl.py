"""Rendering with citeproc-py: bibliographies and citations, HTML and text.

Around citeproc-py we escape field text (it does not), sort the French way,
add 2009a/2009b suffixes, spell French editions and keep our own key map
(citeproc lower-cases keys).
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON

from bibliography import csl_macros, csl_sort
from bibliography.cslitems import CslItem, to_csl
from bibliography.errors import StyleError
from bibliography.model import Person, Reference
from bibliography.sanitize import clean_html
from bibliography.styles import DEFAULT_LOCALE, DEFAULT_STYLE, load_style
from bibliography.suffixes import year_suffixes
from bibliography.values import EN_DASH

csl_sort.install()
csl_macros.install()


@dataclass(frozen=True)
class Rendered:
    """One bibliography entry: HTML (sanitised) and plain text."""

    key: str
    html: str
    text: str


@dataclass(frozen=True)
class Cite:
    """One cited item with an optional locator (e.g. "p. 12" -> page, 12)."""

    key: str
    locator: str = ""
    label: str = "page"


def render_bibliography(
    references: Sequence[Reference],
    style: str = DEFAULT_STYLE,
    locale: str = DEFAULT_LOCALE,
) -> list[Rendered]:
    """Render ``references`` in one go, in the style's bibliography order."""
    suffixes = year_suffixes(references)
    # One citeproc run: the text is the sanitised HTML without its markup, the
    # same as citeproc's plain formatter gives, at half the cost.
    out = []
    for key, markup in _render(references, suffixes, style, locale, html=True):
        cleaned = _html(markup)
        out.append(Rendered(key, cleaned, _text_of(cleaned)))
    return out


_SAMPLES = (
    Reference(
        "sample-book", "book",
        (("title", "Titre"), ("year", "2020"), ("publisher", "Éditeur"),
         ("address", "Paris"), ("edition", "2")),
        authors=(Person(family="Dupont", given="Anne"),),
    ),
    Reference(
        "sample-article", "article",
        (("title", "Article"), ("journal", "Revue"), ("year", "2020"),
         ("volume", "3"), ("number", "2"), ("pages", "1-20")),
        authors=(Person(family="Dupont", given="Anne"), Person(literal="ODAS")),
        doi="10.1000/x",
    ),
)  # fmt: skip


def validate_style(style: str, locale: str = DEFAULT_LOCALE) -> str:
    """Return ``style`` (an id or CSL text) once it renders; else raise StyleError.

    A bibliography and a citation of sample entries are rendered, in HTML and in
    text, so a style that parses but breaks citeproc-py is refused here rather
    than when a page is shown.
    """
    load_style(style, locale)  # our own StyleError/LocaleError for the plain cases
    try:
        render_bibliography(_SAMPLES, style, locale)
        for html in (True, False):
            render_citations([[Cite(_SAMPLES[0].key, "12")]], _SAMPLES, style, locale,
                             html=html)  # fmt: skip
    except StyleError:
        raise
    # citeproc-py raises whatever its evaluation meets on a broken style (KeyError,
    # AttributeError, TypeError, ValueError, IndexError...): all mean "broken CSL".
    except Exception as error:
        raise StyleError(detail=f"{type(error).__name__}: {error}"[:200]) from error
    return style


def render_reference(
    reference: Reference,
    style: str = DEFAULT_STYLE,
    locale: str = DEFAULT_LOCALE,
    year_suffix: str = "",
) -> Rendered:
    """Render one entry (cacheable per entry revision, style and locale)."""
    suffixes = {reference.key: year_suffix} if year_suffix else {}
    cleaned = _html(_render([reference], suffixes, style, locale, html=True)[0][1])
    return Rendered(reference.key, cleaned, _text_of(cleaned))


def render_citations(
    groups: Sequence[Sequence[Cite]],
    references: Sequence[Reference],
    style: str = DEFAULT_STYLE,
    locale: str = DEFAULT_LOCALE,
    *,
    html: bool = True,
) -> list[str]:
    """Render each group of cites as one in-text citation (known keys only)."""
    suffixes = year_suffixes(references)
    bibliography, ids = _bibliography(references, suffixes, style, locale, html=html)
    citations = []
    for group in groups:
        # citeproc-py sorts citations stably and ignores year suffixes: present
        # same-author-same-year cites in suffix order so 2009a comes before 2009b.
        known = sorted(
            (cite for cite in group if cite.key in ids),
            key=lambda cite: suffixes.get(cite.key, ""),
        )
        citations.append(Citation([_item(ids[cite.key], cite) for cite in known]))
    for citation in citations:
        bibliography.register(citation)
    out = [str(bibliography.cite(citation, _ignore)) for citation in citations]
    return [_html(text) if html else _plain(text) for text in out]


def _item(item_id: str, cite: Cite) -> CitationItem:
    if cite.locator:
        return CitationItem(item_id, locator=Locator(cite.label, cite.locator))
    return CitationItem(item_id)


def _ignore(_item: CitationItem) -> None:
    """citeproc-py callback for unknown keys: we filter them out beforehand."""


def _bibliography(
    references: Sequence[Reference],
    suffixes: dict[str, str],
    style: str,
    locale: str,
    *,
    html: bool,
) -> tuple[CitationStylesBibliography, dict[str, str]]:
    items: list[CslItem] = []
    ids: dict[str, str] = {}
    for index, reference in enumerate(references):
        item = to_csl(reference, f"r{index}", escape=html, locale=locale)
        if reference.key in suffixes:
            item["year-suffix"] = suffixes[reference.key]
        ids.setdefault(reference.key, item["id"])
        items.append(item)
    chosen: Any = formatter.html if html else formatter.plain
    source = CiteProcJSON(items)
    return CitationStylesBibliography(load_style(style, locale), source, chosen), ids


def _render(
    references: Sequence[Reference],
    suffixes: dict[str, str],
    style: str,
    locale: str,
    *,
    html: bool,
) -> list[tuple[str, str]]:
    bibliography, ids = _bibliography(references, suffixes, style, locale, html=html)
    keys = {item_id: key for key, item_id in ids.items()}
    bibliography.register(Citation([CitationItem(i) for i in ids.values()]))
    bibliography.sort()
    rendered = [str(entry) for entry in bibliography.bibliography()]
    return list(
        zip([keys[item.key] for item in bibliography.items], rendered, strict=True)
    )


_ASCII_SPACES = re.compile(r"[ \t\r\n]+")  # French no-break spaces are kept
_DOUBLE_PUNCTUATION = re.compile(r"([?!])((?:</[a-z]+>)?)\.")


def _plain(text: str) -> str:
    text = _DOUBLE_PUNCTUATION.sub(r"\1\2", text.replace("\u2011", EN_DASH))
    return _ASCII_SPACES.sub(" ", text).strip()


_TAG = re.compile(r"<[^>]*>")


def _text_of(cleaned: str) -> str:
    """Plain text of sanitised HTML: tags dropped, entities decoded."""
    return _plain(html_module.unescape(_TAG.sub("", cleaned)))


def _html(markup: str) -> str:
    markup = _DOUBLE_PUNCTUATION.sub(r"\1\2", markup.replace("\u2011", EN_DASH))
    return clean_html(markup)
