"""Generated hostile structures for the BibTeX, RIS and CSL-JSON readers.

Sizes are drawn as numbers and the text built from them, so that examples reach
megabytes, thousands of levels and long macro chains cheaply. Every reader must
answer with its problems or its own errors, in bounded time and memory.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bibliography import parse_bibtex, read_references
from bibliography.csljson import read_csljson
from bibliography.ris import read_ris
from tests.bibliography.hostile import survives

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True)
LATEX = st.sampled_from([
    r"\href{http://a}{b}", r"\href", r"\url{x~y}", r"\footnote", r"\title{t}",
    r"\maketitle", r"\verb|", r"\begin{array}", r"\sqrt", r"\input", r"\'{e}",
    r"\c", "{", "}", "$", "%", "#", "~", "--", r"\\", r"\og", r"\emph{",
])  # fmt: skip


def sizes(small: int, large: int) -> st.SearchStrategy[int]:
    """Small numbers, or large ones: both ends, where the bugs were."""
    return st.integers(0, small) | st.integers(large // 2, large)


def macro_file(levels: int, fan: int, base: int, entries: int, spread: int) -> str:
    """Chains of ``@string`` macros, each joining earlier ones, and entries using
    them, every third one with a crossref to the entry before."""
    lines = ['@string{m0 = "' + "x" * base + '"}']
    for level in range(1, levels):
        parts = [f"m{max(0, level - 1 - (k % 3))}" for k in range(fan)]
        lines.append(f"@string{{m{level} = {' # '.join(parts)}}}")
    for n in range(entries):
        target = levels - 1 - (n * spread) % levels
        crossref = f", crossref = {{e{n - 1}}}" if n % 3 == 1 else ""
        lines.append(f"@misc{{e{n}, title = m{target} # {{t}}{crossref}}}")
    return "\n".join(lines)


@given(
    st.integers(1, 80), st.integers(1, 4), sizes(10, 5000), sizes(20, 2000),
    st.integers(0, 7),
)  # fmt: skip
@SETTINGS
def test_bibtex_macro_chains(
    levels: int, fan: int, base: int, entries: int, spread: int
) -> None:
    text = macro_file(levels, fan, base, entries, spread)
    document = survives(lambda: parse_bibtex(text))
    if document is not None:
        assert "".join(block.text for block in document.blocks) == text


@given(
    sizes(50, 200_000), st.integers(0, 5), st.lists(LATEX, max_size=30),
    st.text(alphabet='@{}()=,#"\\ \nabc%', max_size=200), sizes(50, 30_000),
    sizes(5, 2000),
)  # fmt: skip
@SETTINGS
def test_bibtex_nesting_latex_and_counts(
    depth: int, missing: int, latex: list[str], junk: str, fields: int, copies: int
) -> None:
    """Deep or unbalanced braces, LaTeX that chokes parsers, big counts, junk."""
    body = "{" * depth + "".join(latex) + "}" * max(0, depth - missing)
    text = (f"@article{{k, title = {body}, author = {{{''.join(latex)} and {junk}}},"
            + " f = {x}," * fields + "}\n" + junk * copies)  # fmt: skip
    survives(lambda: parse_bibtex(text))
    survives(lambda: read_references(text.encode(), "x.bib"))


RIS_LINES = st.sampled_from([
    "TY  - JOUR", "TY  - ", "ER  - ", "ER  -", "AU  - Dupont, Jean", "AU  - ,,,",
    "TI  - Titre", "PY  - 99999999/99", "PY  - 2020/13", "SP  - 1", "EP  -",
    "ID  - k", "DO  - 10.1/x", "continued text", "", "x" * 1000, "\ufeffTY  - BOOK",
    "KW  - a", "UR  - javascript:alert(1)", "A1  - " + r"\href{a}{b}",
])  # fmt: skip


@given(st.lists(st.tuples(RIS_LINES, sizes(100, 30_000)), max_size=12))
@SETTINGS
def test_ris_lines_in_hostile_numbers(runs: list[tuple[str, int]]) -> None:
    text = "".join((line + "\n") * count for line, count in runs)
    survives(lambda: read_ris(text))
    survives(lambda: read_references(text.encode(), "x.ris"))


CSL_KEYS = st.sampled_from([
    "id", "type", "title", "author", "editor", "issued", "date-parts", "family",
    "given", "literal", "container-title", "page", "volume", "DOI", "URL", "x",
])  # fmt: skip
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=20) | st.just("\ud800")
)  # fmt: skip
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(CSL_KEYS, inner, max_size=5)
    ),
    max_leaves=30,
)


#: The web's limit is 2 MiB; the CLI's 16 MiB is slower by nature (as BibTeX).
CSL_MAX_BYTES = 3 * 1024 * 1024


@given(
    st.lists(st.dictionaries(CSL_KEYS, JSON, max_size=8), max_size=5),
    sizes(20, 20_000), sizes(70, 100_000), st.integers(0, 3), sizes(25, 6000),
    st.integers(0, 100),
)  # fmt: skip
@SETTINGS
def test_csljson_of_any_shape(
    items: list[dict[str, object]], copies: int, depth: int, missing: int,
    digits: int, cut: int,
) -> None:  # fmt: skip
    """Items of any shape, repeated, nested deep, with long numbers, maybe cut short."""
    one = json.dumps(items)
    text = json.dumps(items * min(1 + copies, CSL_MAX_BYTES // len(one)))
    text = "[" * depth + text + "]" * max(0, depth - missing)
    if digits:
        text = text.replace("[", "[" + "9" * digits + ",", 1)
    text = text[: len(text) * cut // 100] if cut else text
    survives(lambda: read_csljson(text))
