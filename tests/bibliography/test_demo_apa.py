"""The demo course references in APA 7, fr-FR, against hand-written strings."""

from __future__ import annotations

from bibliography import process_citations, render_bibliography
from bibliography.demo import demo_bibtex, demo_document

NBSP, EN_DASH = "\u00a0", "\u2013"
EXPECTED = {
    "morel2020": "Morel, S. (2020). Prologue méthodologique. Pourquoi et comment "
    f"enquêter sur l'action publique «{NBSP}partenariale{NBSP}» ? Dans S. Bordiec & "
    "A. Sonnet (éds.), Action publique et partenariat(s) : Enquêtes dans les "
    f"territoires de l'éducation, de la santé et du social (p. 18{EN_DASH}33). "
    "Champ social.",
    "lipsky1980": "Lipsky, M. (1980). Street-Level Bureaucracy: Dilemmas of the "
    "Individual in Public Services. Russell Sage Foundation.",
    "serre2009": "Serre, D. (2009). Les coulisses de l'État social : enquête sur les "
    "signalements d'enfant en danger. Raisons d'agir.",
    "lyet2008": "Lyet, P. (2008). L'institution incertaine du partenariat : une "
    "analyse socio-anthropologique de la gouvernance partenariale dans l'action "
    "sociale territoriale. L'Harmattan.",
    "damon2002": "Damon, J. (2002). La dictature du partenariat : vers de nouveaux "
    "modes de management public ? Futuribles, (273).",
    "dumont2012": "Dumont, G.-F. (2012). Diagnostic et gouvernance des territoires : "
    "concepts, méthode, application. Armand Colin.",
}


def test_demo_loads_cleanly() -> None:
    assert demo_bibtex().startswith(b"% R")
    document = demo_document()
    assert document.problems == ()
    cited_in_course = {
        "morel2020", "lipsky1980", "serre2009", "lyet2008", "damon2002",
        "dumont2012", "rouzeau2018",
    }  # fmt: skip
    assert cited_in_course <= {r.key for r in document.references}


def test_demo_in_apa_french() -> None:
    rendered = {e.key: e for e in render_bibliography(demo_document().references)}
    for key, text in EXPECTED.items():
        assert rendered[key].text == text
    assert "<i>Action publique et partenariat(s)" in rendered["morel2020"].html
    assert list(rendered) == [
        "biland2019", "damon2002", "dumont2012", "lipsky1980", "lyet2008",
        "morel2020", "rouzeau2018", "serre2009", "spire2005", "warin2002",
    ]  # fmt: skip


def test_demo_citations_as_in_the_course() -> None:
    references = demo_document().references
    text = process_citations(
        "(Dumont, 2012, p.85) devient [@dumont2012, p. 85]", references
    )
    assert "(Dumont, 2012, p. 85)</a>" in text.text
