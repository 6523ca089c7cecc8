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
NON_ENTRY_TYPES = frozenset({"string", "preamble", "comment"})
NAME_FIELDS = ("author", "editor")
# Fields whose text must not be LaTeX-decoded (identifiers and links).
VERBATIM_FIELDS = frozenset({"url", "doi", "file", "eprint", "isbn", "issn"})


def missing_fields(entry_type: str, present: set[str]) -> list[str]:
    """Return the requirements of ``entry_type`` that ``present`` lacks."""
    missing = []
    for alternatives in REQUIRED.get(entry_type, ()):
        if not present.intersection(alternatives):
            missing.append("|".join(alternatives))
    return missing
