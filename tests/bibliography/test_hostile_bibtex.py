"""Issue 16, rows 1 and 4: macro expansion and LaTeX decoding under budgets."""

from __future__ import annotations

import tracemalloc

import pytest
from pylatexenc import latex2text, latexwalker

from bibliography import parse_bibtex
from bibliography.budgets import (
    MAX_EXPANDED_ENTRY_CHARS,
    MAX_EXPANSION_CHARS,
    MAX_PROBLEMS,
)
from bibliography.errors import ExpansionTooLarge, TimeBudgetExceeded
from bibliography.latex import decode_latex
from bibliography.values import ExpansionBudget, expand
from tests.bibliography.hostile import bounded, codes, laughs


@pytest.mark.parametrize("levels", [29, 40, 64])
def test_billion_laughs_is_a_problem_where_it_outgrows_the_budget(levels: int) -> None:
    payload = laughs(levels)  # 721 bytes for 29 levels, as in the issue
    tracemalloc.start()
    try:
        document = bounded(lambda: parse_bibtex(payload))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # s18 holds 2**19 characters, the budget exactly; s19 would be twice that.
    assert codes(document.problems) == [
        ("expansion-too-large", 20, "s19"),
        ("expansion-too-large", levels + 1, "k"),
    ]
    assert document.problems[1].params == {"limit": MAX_EXPANDED_ENTRY_CHARS}
    assert "trop longue une fois développée" in document.problems[1].message()
    assert "too long once expanded" in document.problems[1].message("en")
    assert document.references == ()
    assert document.blocks[-2].kind == "failed"  # kept as written, not read
    assert peak < 4 * MAX_EXPANDED_ENTRY_CHARS  # no string past the budget built


def test_expansion_is_checked_before_each_concatenation() -> None:
    budget = ExpansionBudget(entry_chars=10)
    with pytest.raises(ExpansionTooLarge):
        expand("a # a # a", {"a": "xxxx"}, budget)
    assert budget.entry_left == 2  # two parts counted, the third refused
    value, undefined = expand("a # {b} # c", {"a": "x"}, ExpansionBudget())
    assert (value, undefined) == ("xbc", ["c"])


def test_a_big_macro_reused_spends_the_file_budget() -> None:
    size = 400_000
    uses = MAX_EXPANSION_CHARS // size + 2
    entries = "".join(f"@misc{{e{n}, title = big}}\n" for n in range(uses))
    document = bounded(
        lambda: parse_bibtex(f"@string{{big = {{{'x' * size}}}}}\n" + entries)
    )
    allowed = MAX_EXPANSION_CHARS // size
    assert len(document.references) == allowed
    assert codes(document.problems) == [
        ("expansion-budget", 2 + n, f"e{n}") for n in range(allowed, uses)
    ]
    assert "ajoutent plus de" in document.problems[0].message()


@pytest.mark.parametrize(
    ("size", "code"), [(300_000, "expansion-too-large"), (200_000, "expansion-budget")]
)
def test_crossref_inheritance_is_expansion_too(size: int, code: str) -> None:
    # Before: 2,000 children of one 400 K parent took 100 s, each decoded anew.
    children = "".join(f"@misc{{c{n}, crossref = {{p}}}}\n" for n in range(2000))
    parent = f"@proceedings{{p, title = {{{'x' * size}}}, year = 2020}}\n"
    document = bounded(lambda: parse_bibtex(parent + children))
    assert {p.code for p in document.problems} == {code}
    assert codes(document.problems)[-1] == (code, 2001, "c1999")
    assert len(document.references) == 1 + (code == "expansion-budget") * (
        MAX_EXPANSION_CHARS // (2 * size)
    )


def test_many_problems_are_counted_not_kept() -> None:
    entry = "@misc{k%d,\n" + "a = {b},\n" * 20_000 + "}\n"
    document = bounded(lambda: parse_bibtex("".join(entry % n for n in range(2))))
    assert len(document.problems) == MAX_PROBLEMS + 1
    assert document.problems[-1].code == "too-many-problems"
    assert document.problems[-1].params["count"] == 2 * 19_999 - MAX_PROBLEMS
    assert "au-delà des 10000 premiers" in document.problems[-1].message()


def test_a_deadline_stops_reading_with_the_line_reached() -> None:
    text = "".join(f"@misc{{k{n}, title = {{t}}}}\n" for n in range(50))
    with pytest.raises(TimeBudgetExceeded) as caught:
        parse_bibtex(text, max_seconds=0)
    assert caught.value.params == {"seconds": 1, "line": 1}
    assert "Lecture interrompue ligne 1" in caught.value.message()


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"See \href{http://a}{click}", "See click (http://a)"),
        (
            r"\href{http://a.org/~x--y}{\emph{the} site}",
            "the site (http://a.org/~x--y)",
        ),
        (
            r"\href{https://doi.org/10.1/x}{https://doi.org/10.1/x}",
            "https://doi.org/10.1/x",
        ),
        (r"\href{http://a\%20b\#c}{}", "http://a%20b#c"),
        (r"\url{http://x.org/~u_v--w}", "http://x.org/~u_v--w"),
        (r"\href{u}{t", "t (u)"),
        ("\ue004999\ue005" + r"\url{u}", "999u"),
    ],
)
def test_links_decode_to_their_text_and_url(latex: str, text: str) -> None:
    assert decode_latex(latex) == text


def test_an_href_entry_reads_through_the_whole_parser() -> None:
    document = parse_bibtex(r"@misc{k, title = {\href{http://a}{click}}, year = 2020}")
    assert document.problems == ()
    assert document.references[0].get("title") == "click (http://a)"


def _pylatexenc_macros() -> list[str]:
    names: set[str] = set()
    for db in (latex2text.get_default_latex_context_db(),
               latexwalker.get_default_latex_context_db()):  # fmt: skip
        names |= {spec.macroname for spec in db.iter_macro_specs()}
    return sorted(names)


def _pylatexenc_environments() -> list[str]:
    db = latexwalker.get_default_latex_context_db()
    return sorted({spec.environmentname for spec in db.iter_environment_specs()})


def test_no_macro_pylatexenc_knows_raises() -> None:
    """\\href, \\footnote, \\title, \\verb... made pylatexenc raise (a 500)."""
    macros = _pylatexenc_macros()
    assert {"href", "footnote", "title", "verb", "sqrt", "input"} <= set(macros)
    forms = ("\\{0}", "x \\{0}", "\\{0}{{a}}", "\\{0}{{a}}{{b}}", "\\{0}[x]{{a}}{{b}}")
    for name in macros:
        for form in forms:
            assert isinstance(decode_latex(form.format(name) + r" \'e"), str)
    for name in _pylatexenc_environments():
        for form in ("\\begin{{{0}}}", "\\begin{{{0}}}x\\end{{{0}}}", "\\end{{{0}}}"):
            assert isinstance(decode_latex(form.format(name) + r" \'e"), str)


def test_one_value_never_leaks_into_another() -> None:
    assert decode_latex(r"\title{secret} \'e") == "é"
    assert "secret" not in decode_latex(r"\maketitle \'e")


@pytest.mark.parametrize(
    "latex",
    [
        "{" * 100_000 + "x" + "}" * 100_000,
        "{" * 200_000,
        "}" * 200_000,
        "\\" * 300_000,
        r"\textbf{" * 50_000,
        r"\href{a}{" * 50_000,
        r"\foo{\'{e}}" * 40_000,
        r"\verb|" * 600,
        "$" * 4000,
    ],
)
def test_deep_unbalanced_or_huge_latex_is_kept_as_text(latex: str) -> None:
    assert isinstance(bounded(lambda: decode_latex(latex)), str)
