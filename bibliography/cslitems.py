"""CSL-JSON items built from our references (never from citeproc's BibTeX reader)."""

from __future__ import annotations

import html
import re
from typing import Any

from bibliography.model import Person, Reference
from bibliography.values import EN_DASH, MONTHS

CslItem = dict[str, Any]

CSL_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book",
    "inbook": "chapter", "incollection": "chapter", "inproceedings": "paper-conference",
    "conference": "paper-conference", "proceedings": "book", "collection": "book",
    "mastersthesis": "thesis", "phdthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "report",
    "booklet": "pamphlet", "unpublished": "manuscript", "online": "webpage",
    "electronic": "webpage", "www": "webpage", "dataset": "dataset",
    "software": "software", "patent": "patent", "periodical": "periodical",
    "standard": "standard", "legislation": "legislation", "misc": "document",
}  # fmt: skip
_TEXT_FIELDS = {
    "title": "title", "journal": "container-title", "journaltitle": "container-title",
    "booktitle": "container-title", "publisher": "publisher",
    "address": "publisher-place", "location": "publisher-place",
    "volume": "volume", "number": "issue", "issue": "issue",
    "series": "collection-title",
    "note": "note", "isbn": "ISBN", "issn": "ISSN", "abstract": "abstract",
    "chapter": "chapter-number", "type": "genre", "howpublished": "medium",
}  # fmt: skip
_MONTHS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
_LANGUAGES = {"french": "fr", "francais": "fr", "english": "en", "anglais": "en"}


def to_csl(
    reference: Reference, item_id: str, *, escape: bool, locale: str = ""
) -> CslItem:
    """Return the CSL-JSON item; ``escape`` HTML-escapes every text value.

    For a French ``locale`` numeric editions are spelled "2e" here, since
    citeproc-py would print "2nd éd.".
    """
    item: CslItem = {
        "id": item_id,
        "type": CSL_TYPES.get(reference.entry_type, "document"),
    }
    text = (lambda value: html.escape(value, quote=True)) if escape else str
    for name, target in _TEXT_FIELDS.items():
        value = reference.get(name)
        if value and target not in item:
            item[target] = text(value)
    if reference.entry_type in ("mastersthesis", "phdthesis", "thesis", "techreport"):
        institution = reference.get("school") or reference.get("institution")
        if institution:
            item["publisher"] = text(institution)
    _add_titles(item, reference, text, locale)
    _add_common(item, reference, text)
    edition = reference.get("edition")
    if edition:
        french = locale.startswith("fr")
        item["edition"] = text(french_ordinal(edition) if french else edition)
    return item


# CSL has no subtitle variable: biblatex's subtitle fields join their title.
_SUBTITLES = (("title", "subtitle", "title"), ("booktitle", "booksubtitle",
              "container-title"), ("journaltitle", "journalsubtitle", "container-title"),
              ("journal", "journalsubtitle", "container-title"))  # fmt: skip


def _add_titles(item: CslItem, reference: Reference, text: Any, locale: str) -> None:
    """Title and subtitle as one CSL title, with the locale's separator."""
    for main, sub, target in _SUBTITLES:
        title, subtitle = reference.get(main), reference.get(sub)
        if title and subtitle and item.get(target) == text(title):
            item[target] = text(join_subtitle(title, subtitle, locale))


def join_subtitle(title: str, subtitle: str, locale: str) -> str:
    """ "Title: Subtitle" in English, "Titre\u00a0: sous-titre" in French.

    A title that already ends with ? or ! takes no colon.
    """
    title, subtitle = title.strip(), subtitle.strip()
    if title.endswith(("?", "!", ":")):
        return f"{title} {subtitle}"
    colon = "\u00a0: " if locale.startswith("fr") else ": "
    return f"{title}{colon}{subtitle}"


def _add_common(item: CslItem, reference: Reference, text: Any) -> None:
    for role, persons in (("author", reference.authors), ("editor", reference.editors)):
        if persons:
            item[role] = [_name(person, text) for person in persons]
    pages = reference.get("pages")
    if pages:
        item["page"] = text(re.sub(rf"\s*(?:-+|{EN_DASH})\s*", "-", pages))
    issued = _date(reference)
    if issued:
        item["issued"] = issued
    if reference.doi:
        item["DOI"] = text(reference.doi)
    url = reference.get("url") or ""
    if re.match(r"https?://", url.strip(), re.IGNORECASE):
        item["URL"] = text(url.strip())
    item["language"] = _language(reference)


def _name(person: Person, text: Any) -> dict[str, str]:
    if person.literal:
        return {"literal": text(person.literal)}
    name = {"family": text(person.family), "given": text(person.given)}
    if person.particle:
        name["non-dropping-particle"] = text(person.particle)
    if person.suffix:
        name["suffix"] = text(person.suffix)
    return {key: value for key, value in name.items() if value}


def _date(reference: Reference) -> dict[str, Any] | None:
    match = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?", reference.get("date") or "")
    year = reference.get("year") or (match[1] if match else "")
    if not year.strip().isdigit():
        return {"literal": year.strip()} if year.strip() else None
    parts = [int(year)]
    month = (reference.get("month") or (match[2] if match and match[2] else "")).strip()
    number = int(month) if month.isdigit() else _MONTHS.get(month.lower(), 0)
    if 1 <= number <= 12:
        parts.append(number)
    return {"date-parts": [parts]}


def _language(reference: Reference) -> str:
    raw = (reference.get("langid") or reference.get("language") or "fr").strip().lower()
    return _LANGUAGES.get(raw, raw[:2] if raw.isalpha() else "fr")


def french_ordinal(edition: str) -> str:
    """Return "1re"/"2e" for a numeric edition, the text otherwise."""
    value = edition.strip()
    if not value.isdigit():
        return value
    return "1re" if int(value) == 1 else f"{int(value)}e"
