"""LaTeX decoding to Unicode and BibTeX-safe encoding back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibliography.latex import NBSP, decode_latex, encode_latex


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"L'{\'E}tat", "L'État"),
        (r"L'\'Etat", "L'État"),
        (r"na\"{\i}ve", "naïve"),
        (r"fran\c{c}aise", "française"),
        (r"\oe uvre", "œuvre"),
        (r"Gr\"obner", "Gröbner"),
        (r"\og partenariale\fg{}", f"«{NBSP}partenariale{NBSP}»"),
        (r"\og partenariale \fg", f"«{NBSP}partenariale{NBSP}»"),
        ("a--b---c", "a\u2013b\u2014c"),
        ("M.~Dupont", f"M.{NBSP}Dupont"),
        (r"Le {Monde} \emph{diplo}", "Le Monde diplo"),
        (r"50\,\% \& \$", "50\u202f% & $"),
        (r"\textsuperscript{e} si\`ecle", "e siècle"),
        (r"\v{s}\u{a}\k{e}", "šăę"),
        (r"$x^2$", "$x^2$"),
        ("{" * 3000 + "x" + "}" * 3000, "x"),
    ],
)
def test_decode(latex: str, text: str) -> None:
    assert decode_latex(latex) == text


def test_unknown_command_uses_pylatexenc() -> None:
    assert decode_latex(r"\ding{3} x") == "3 x"


def test_long_unknown_commands_stay_fast() -> None:
    assert decode_latex(r"\foo{x}" * 20_000) == "x" * 20_000


_TEXT = st.text(
    st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters=NBSP)
).map(lambda s: " ".join(s.split()))


@given(_TEXT)
def test_encode_then_decode_is_identity(text: str) -> None:
    assert decode_latex(encode_latex(text)) == text
