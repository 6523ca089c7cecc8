"""CSL-JSON reading and writing, through our reference model."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bibliography.cslitems import CSL_TYPES, to_csl
from bibliography.errors import FormatError, Problem
from bibliography.model import Person, Reference
from bibliography.ris import build_reference
from bibliography.values import EN_DASH, MONTHS

_TYPE_BACK = {"article-journal": "article", "article-magazine": "article",
              "article-newspaper": "article", "book": "book", "chapter": "incollection",
              "paper-conference": "inproceedings", "thesis": "phdthesis",
              "report": "techreport", "manuscript": "unpublished", "webpage": "online",
              "dataset": "dataset", "software": "software",
              "pamphlet": "booklet"}  # fmt: skip
_FIELDS = {"title": "title", "publisher": "publisher", "publisher-place": "address",
           "volume": "volume", "issue": "number", "collection-title": "series",
           "note": "note", "ISBN": "isbn", "ISSN": "issn", "abstract": "abstract",
           "URL": "url", "DOI": "doi", "edition": "edition", "language": "language",
           "chapter-number": "chapter", "genre": "type",
           "medium": "howpublished"}  # fmt: skip
_CONTAINER = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
}


def read_csljson(text: str) -> tuple[list[Reference], list[Problem]]:
    """Parse a CSL-JSON array (or one item); raise FormatError if not JSON."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(detail=f"JSON: {error.msg} (line {error.lineno})") from error
    items = data if isinstance(data, list) else [data]
    references: list[Reference] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(
                Problem("csljson-invalid", None, None, {"detail": f"#{index}"})
            )
            continue
        references.append(_reference(item, index))
    return references, problems


def _reference(item: dict[str, Any], index: int) -> Reference:
    entry_type = _TYPE_BACK.get(str(item.get("type", "")), "misc")
    fields = {
        target: str(item[source])
        for source, target in _FIELDS.items()
        if item.get(source)
    }
    container = item.get("container-title")
    if container:
        fields[_CONTAINER.get(entry_type, "booktitle")] = str(container)
    if item.get("page"):
        fields["pages"] = str(item["page"]).replace("-", EN_DASH)
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    if parts and parts[0]:
        fields["year"] = str(parts[0][0])
        if len(parts[0]) > 1 and 1 <= int(parts[0][1]) <= 12:
            fields["month"] = MONTHS[int(parts[0][1]) - 1]
    people = {role: [_person(n) for n in item.get(role) or [] if isinstance(n, dict)]
              for role in ("author", "editor")}  # fmt: skip
    key = str(item.get("id") or f"item{index + 1}")
    return build_reference(key, entry_type, fields, people)


def _person(name: dict[str, Any]) -> Person:
    if name.get("literal"):
        return Person(literal=str(name["literal"]))
    particle = name.get("non-dropping-particle") or name.get("dropping-particle") or ""
    return Person(
        family=str(name.get("family", "")), given=str(name.get("given", "")),
        particle=str(particle), suffix=str(name.get("suffix", "")),
    )  # fmt: skip


def csl_json_item(reference: Reference) -> dict[str, Any]:
    """Return the CSL-JSON item :func:`write_csljson` writes for ``reference``."""
    item = to_csl(reference, reference.key, escape=False)
    if reference.get("language"):
        item["language"] = reference.get("language")
    else:
        item.pop("language", None)
    return item


def write_csljson(references: Iterable[Reference]) -> str:
    """Return a CSL-JSON array; ids are our keys (case kept)."""
    items = [csl_json_item(reference) for reference in references]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


__all__ = ["CSL_TYPES", "csl_json_item", "read_csljson", "write_csljson"]
