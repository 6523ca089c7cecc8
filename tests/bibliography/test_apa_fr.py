"""APA 7 in its French adaptation, shipped as bibliography/data/apa-fr-adapted.csl."""

from __future__ import annotations

from importlib.resources import files

from bibliography import Cite, parse_bibtex, render_bibliography, render_citations

BIB = rb"""
@collection{coll, editor={Roe, Rachel and Poe, Paul}, title={Un livre collectif},
  publisher={PUF}, year=2001}
@incollection{chap, author={Doe, Jane and Martin, Bob and Durand, Claire},
  title={Un chapitre}, booktitle={Un livre collectif},
  editor={Roe, Rachel and Poe, Paul}, publisher={PUF}, year=2001, pages={1-10}}
@article{art, author={Damon, Julien and Lipsky, Michael}, title={La dictature},
  journal={Futuribles}, year=2002, volume=3, number=2, pages={5-20}}
@book{dubois, author={Dubois, Vincent}, title={La vie au guichet},
  subtitle={relation administrative et traitement de la mis{\`e}re},
  publisher={Economica}, year=2010, edition=2}
@book{nd, author={Anon, Alix}, title={Sans date}, publisher={P}}
"""
NB = "\u00a0"


def test_french_apa_bibliography() -> None:
    references = parse_bibtex(BIB).references
    texts = [e.text for e in render_bibliography(references, "apa-fr-adapted")]
    assert texts == [
        f"Anon, A. (s.{NB}d.). Sans date. P.",
        "Damon, J. et Lipsky, M. (2002). La dictature. Futuribles, 3(2), 5–20.",
        "Doe, J., Martin, B. et Durand, C. (2001). Un chapitre. Dans R. Roe et "
        "P. Poe (dir.), Un livre collectif (p. 1–10). PUF.",
        f"Dubois, V. (2010). La vie au guichet{NB}: relation administrative et "
        "traitement de la misère (2e éd.). Economica.",
        "Roe, R. et Poe, P. (dir.). (2001). Un livre collectif. PUF.",
    ]


def test_french_apa_citations() -> None:
    references = parse_bibtex(BIB).references
    cites = [[Cite("art")], [Cite("chap", "12")], [Cite("coll")]]
    assert render_citations(cites, references, "apa-fr-adapted", html=False) == [
        "(Damon et Lipsky, 2002)",
        "(Doe et al., 2001, p. 12)",
        "(Roe et Poe, 2001)",
    ]


def test_plain_apa_keeps_the_ampersand() -> None:
    references = parse_bibtex(BIB).references
    texts = [e.text for e in render_bibliography(references, "apa")]
    assert "Damon, J., & Lipsky, M. (2002)" in texts[1]


def test_the_file_credits_its_source_and_licence() -> None:
    text = files("bibliography").joinpath("data", "apa-fr-adapted.csl").read_text()
    assert "creativecommons.org/licenses/by-sa/3.0/" in text
    assert "Brenton M. Wiernik" in text
    assert "Andrew Dunning" in text
    assert "citation-style-language/styles" in text
