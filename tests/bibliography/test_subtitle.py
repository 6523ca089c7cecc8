"""A subtitle joins its title in every style (CSL has no subtitle variable)."""

from __future__ import annotations

import pytest

from bibliography import parse_bibtex, render_bibliography

DUBOIS = rb"""@book{dubois2010, author={Dubois, Vincent}, title={La vie au guichet},
  subtitle={relation administrative et traitement de la mis{\`e}re},
  publisher={Economica}, address={Paris}, year=2010}"""
NB = "\u00a0"


@pytest.mark.parametrize(
    ("style", "locale", "expected"),
    [
        ("apa", "fr-FR", "Dubois, V. (2010). La vie au guichet" + NB
         + ": relation administrative et traitement de la misère. Economica."),
        ("apa", "en-US", "Dubois, V. (2010). La vie au guichet: relation "
         "administrative et traitement de la misère. Economica."),
        ("iso690-author-date-fr-no-abstract", "fr-FR", "DUBOIS, Vincent, 2010. "
         "La vie au guichet" + NB + ": relation administrative et traitement de la "
         "misère. Paris" + NB + ": Economica."),
        ("chicago-author-date-fr", "fr-FR", "Dubois, Vincent. 2010. La vie au "
         "guichet" + NB + ": relation administrative et traitement de la misère. "
         "Paris" + NB + ": Economica."),
        ("chicago-author-date", "en-US", "Dubois, V. 2010. La vie au guichet: "
         "relation administrative et traitement de la misère. Economica."),
    ],
)  # fmt: skip
def test_subtitle_in_every_style(style: str, locale: str, expected: str) -> None:
    entry = render_bibliography(parse_bibtex(DUBOIS).references, style, locale)[0]
    assert entry.text == expected


def test_chapter_and_book_subtitles_in_chicago_french() -> None:
    data = rb"""@incollection{c, author={Doe, Jane}, title={Un chapitre},
      subtitle={son sous-titre}, booktitle={Un livre}, booksubtitle={le sien},
      editor={Roe, R.}, publisher={P}, address={Paris}, year=2001}"""
    entry = render_bibliography(parse_bibtex(data).references,
                                "chicago-author-date-fr")[0]  # fmt: skip
    assert f"«{NB}Un chapitre{NB}: son sous-titre{NB}»" in entry.text
    assert f"Dans Un livre{NB}: le sien." in entry.text


def test_question_title_takes_no_colon() -> None:
    data = rb"""@book{q, author={Doe, J.}, title={Que faire ?}, subtitle={essai},
      publisher={P}, year=2001}"""
    entry = render_bibliography(parse_bibtex(data).references)[0]
    assert "Que faire ? essai" in entry.text.replace(NB, " ")
