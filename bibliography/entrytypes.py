"""Known entry types and their required fields (BibTeX and biblatex)."""

from __future__ import annotations

# Each requirement is a tuple of alternatives: any one of them satisfies it.
Requirement = tuple[str, ...]

REQUIRED: dict[str, tuple[Requirement, ...]] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), ("year", "date")),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year", "date")),
    "inbook": (
        ("author", "editor"), ("title",), ("chapter", "pages"), ("year", "date"),
    ),
    "incollection": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "conference": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "mastersthesis": (
        ("author",), ("title",), ("school", "institution"), ("year", "date"),
    ),
    "phdthesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "thesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "techreport": (("author",), ("title",), ("institution",), ("year", "date")),
    "report": (("author",), ("title",), ("institution",), ("year", "date")),
    "manual": (("title",),),
    "booklet": (("title",),),
    "proceedings": (("title",), ("year", "date")),
    "collection": (("editor",), ("title",), ("year", "date")),
    "unpublished": (("author",), ("title",)),
    "online": (("title",), ("url", "doi")),
    "misc": (),
    "electronic": (("title",),),
    "www": (("title",),),
    "dataset": (("title",),),
    "software": (("title",),),
    "patent": (("author",), ("title",), ("number",), ("year", "date")),
    "periodical": (("title",), ("year", "date")),
    "mvbook": (("author", "editor"), ("title",), ("year", "date")),
    "mvcollection": (("editor",), ("title",), ("year", "date")),
    "reference": (("editor",), ("title",), ("year", "date")),
    "inreference": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "standard": (("title",),),
    "legislation": (("title",),),
    "jurisdiction": (("title",),),
}  # fmt: skip
# Optional fields offered per type after the required ones, most used first.
_COMMON_TAIL = ("doi", "url", "urldate", "langid", "note")
_BOOKISH = ("subtitle", "edition", "series", "volume", "address", "isbn")
_CHAPTER = ("editor", "pages", "chapter", "publisher", "address", "isbn")
_THESIS = ("type", "address", "month")
_REPORT = ("type", "number", "address", "month")
_OPTIONAL_BY_TYPE: dict[str, tuple[str, ...]] = {
    "article": ("subtitle", "volume", "number", "pages", "month", "issn"),
    "book": ("editor", *_BOOKISH),
    "mvbook": ("editor", *_BOOKISH),
    "inbook": ("publisher", "subtitle", "edition", "series", "address", "isbn"),
    "incollection": _CHAPTER,
    "inproceedings": ("editor", "pages", "publisher", "address", "series"),
    "conference": ("editor", "pages", "publisher", "address", "series"),
    "collection": ("publisher", *_BOOKISH),
    "mvcollection": ("publisher", *_BOOKISH),
    "proceedings": ("editor", "publisher", "address", "series", "volume"),
    "mastersthesis": _THESIS,
    "phdthesis": _THESIS,
    "thesis": _THESIS,
    "techreport": _REPORT,
    "report": _REPORT,
    "manual": ("author", "organization", "edition", "address", "year"),
    "booklet": ("author", "howpublished", "address", "year"),
    "unpublished": ("year", "month"),
    "online": ("author", "organization", "year", "date"),
    "misc": ("author", "title", "howpublished", "year", "month"),
    "dataset": ("author", "publisher", "year", "version"),
    "software": ("author", "publisher", "year", "version"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    name: tuple(dict.fromkeys((*_OPTIONAL_BY_TYPE.get(name, ("author", "year")),
                               *_COMMON_TAIL)))
    for name in REQUIRED
}  # fmt: skip
NON_ENTRY_TYPES = frozenset({"string", "preamble", "comment"})
NAME_FIELDS = ("author", "editor")
# Fields whose text must not be LaTeX-decoded (identifiers and links).
VERBATIM_FIELDS = frozenset({"url", "doi", "file", "eprint", "isbn", "issn"})


def required_fields(entry_type: str) -> tuple[Requirement, ...]:
    """Return the requirements of ``entry_type``: groups of alternatives."""
    return REQUIRED.get(entry_type, ())


def optional_fields(entry_type: str) -> tuple[str, ...]:
    """Return the optional fields worth offering for ``entry_type``, in order."""
    return OPTIONAL.get(entry_type, ("author", "title", "year", *_COMMON_TAIL))


def missing_fields(entry_type: str, present: set[str]) -> list[str]:
    """Return the requirements of ``entry_type`` that ``present`` lacks."""
    missing = []
    for alternatives in REQUIRED.get(entry_type, ()):
        if not present.intersection(alternatives):
            missing.append("|".join(alternatives))
    return missing
