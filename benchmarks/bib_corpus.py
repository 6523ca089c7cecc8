"""Deterministic BibTeX corpus with every trap the bibliography parser must survive.

Used by the reading-list benchmark: ``generate_bibtex(10_000)`` is the import
workload. Nine entries in ten are valid; the others are malformed on purpose
(duplicate field, unclosed brace, unknown type) and every 97th key is reused.
"""

from __future__ import annotations

import random

_FAMILIES = (
    "Durand", "de La Fontaine", "van der Berg", r"M{\"u}ller", r"{\'E}lise",
    "Lipsky", "Serre", "Ngô", "d'Alembert",
)  # fmt: skip
_GIVEN = ("Jean", "Anne-Marie", r"{\'E}mile", "Delphine", "Michael", "Zoé")
_SUFFIXES = ("", "", "", ", Jr.")
_MONTHS = ("jan", "feb", "{mars}", "dec", '"July"')
_HEADER = r"""% Corpus généré : pièges BibTeX
@comment{jabref-meta: databaseType:bibtex;}
@string{jrnl = "Revue fran{\c{c}}aise"}
@preamble{"\newcommand{\noop}[1]{}"}
@book{parent, editor = {Jean Dupont and Anne Martin, Jr.}, title = {Recueil},
  publisher = {Presses}, year = 2001}
"""
_ARTICLE = """@article{{{key},
  author = {{{author}}},
  title = {{L'{{\\'E}}tat \\og social\\fg{{}} -- numéro~{n}}},
  journal = jrnl # {{ sociale}},
  year = {year},
  month = {month},
  doi = {{https://doi.org/10.1000/X{n}}},
  file = {{:p{n}.pdf:PDF}},
  groups = {{cours}},
  owner = {{prof}},
  timestamp = {{2024-01-0{day}}},
}}
"""
_CHAPTER = """@incollection{{{key},
  author = {{{{{{ODAS}}}} and {author} and others}},
  title = {{Chapitre {n}}},
  crossref = {{parent}},
  pages = {{1--{n}}},
}}
"""
_BOOK = """@book{{{key},
  author = {{{author}}},
  title = {{Le {{Livre}} {n}}},
  publisher = {{P}},
  year = {year},
  keywords = {{a, b}},
  abstract = {{R\\'esum\\'e : \\emph{{court}}}},
}}
"""
_DUPLICATE_FIELD = (
    "@article{{{key}, title = {{Bad {n}}}, title = {{dup}}, journal = {{J}}, "
    "year = {year}, author = {{X, Y}}}}\n"
)
_UNCLOSED = "@misc{{{key}, title = {{unclosed {n}\n"
_UNKNOWN_TYPE = "@weirdtype{{{key}, title = {{W}}}}\n"
_CYCLE = (_ARTICLE, _CHAPTER, _BOOK, _ARTICLE, _BOOK, _ARTICLE, _CHAPTER, _ARTICLE,
          _BOOK, _ARTICLE)  # fmt: skip
_BROKEN = (_DUPLICATE_FIELD, _UNCLOSED, _UNKNOWN_TYPE)


def generate_bibtex(n: int, seed: int = 0) -> bytes:
    """Return an ``n``-entry BibTeX file (same bytes for the same arguments)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    parts = [_HEADER]
    for index in range(max(n - 1, 0)):
        if index % 10 == 9:
            template = _BROKEN[(index // 10) % len(_BROKEN)]
        else:
            template = _CYCLE[index % len(_CYCLE)]
        parts.append(
            template.format(
                key="key0" if index % 97 == 96 else f"Key{index}",
                author=_authors(rng),
                n=index,
                year=1950 + rng.randint(0, 70),
                month=rng.choice(_MONTHS),
                day=rng.randint(1, 9),
            )
        )
    return "".join(parts).encode("utf-8")


def _authors(rng: random.Random) -> str:
    names = []
    for _ in range(rng.randint(1, 3)):
        family, given = rng.choice(_FAMILIES), rng.choice(_GIVEN)
        names.append(f"{family}{rng.choice(_SUFFIXES)}, {given}")
    return " and ".join(names)
