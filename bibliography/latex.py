"""LaTeX to Unicode for BibTeX field values, and Unicode back to BibTeX.

A hand-written decoder covers what bibliographies use (accents, ligatures,
guillemets, dashes, font commands) in linear time; anything it does not know
falls back to pylatexenc, which is correct but ~100 times slower.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text

NBSP = "\u00a0"
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "c": "\u0327", "u": "\u0306", "v": "\u030c",
    "H": "\u030b", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_SYMBOLS = {
    "oe": "œ", "OE": "Œ", "ae": "æ", "AE": "Æ", "o": "ø", "O": "Ø", "ss": "ß",
    "l": "ł", "L": "Ł", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ",
    "&": "&", "%": "%", "$": "$", "_": "_", "#": "#", "{": "{", "}": "}",
    " ": " ", ",": "\u202f", "-": "", "/": "", "textendash": "–",
    "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…",
    "og": "«" + NBSP, "fg": NBSP + "»", "guillemotleft": "«",
    "guillemotright": "»", "textquotedblleft": "“", "textquotedblright": "”",
    "textquoteleft": "‘", "textquoteright": "’", "S": "§", "P": "¶",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^",
    "textdegree": "°", "copyright": "©", "textregistered": "®", "euro": "€",
    "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
    "nobreakspace": NBSP, "relax": "", "textsuperscript": "",
}  # fmt: skip
_FONT_COMMANDS = frozenset(
    "emph textit textbf textsc texttt textrm textsf textup textmd textsl "
    "mkbibquote mkbibemph url uppercase MakeUppercase mbox hbox text".split()
)
# One command: a backslash then a name (letters) or one other character,
# with an optional argument (braced or a single character).
_COMMAND = re.compile(
    r"\\(?P<name>[A-Za-z]+|.)(?:\s*\{(?P<arg>[^{}]*)\}"
    r"|(?<=[^A-Za-z])(?P<ch>\\?[A-Za-z])|(?<=[A-Za-z])\s+)?",
    re.DOTALL,
)
_SPACES = re.compile(r"\s+")
_MATH = re.compile(r"(?<!\\)\$")
_PYLATEXENC = LatexNodes2Text(math_mode="verbatim")


def decode_latex(value: str) -> str:
    """Return the Unicode text of a BibTeX field value (braces removed)."""
    if not any(char in value for char in "\\{}~-`'$"):
        return _SPACES.sub(" ", value).strip()
    return _decode_cached(value)


@lru_cache(maxsize=4096)
def _decode_cached(value: str) -> str:
    fast = _decode_fast(value)
    if fast is None:
        fast = _PYLATEXENC.latex_to_text(value.replace("\\og", "«~").replace("\\fg", "~»"))
        fast = fast.replace("~", NBSP)
    return _SPACES.sub(" ", fast.replace(NBSP + " ", NBSP).replace(" " + NBSP, NBSP)).strip()


def _decode_fast(value: str) -> str | None:
    unknown = False

    def replace(match: re.Match[str]) -> str:
        nonlocal unknown
        name, arg, char = match["name"], match["arg"], match["ch"]
        argument = arg if arg is not None else char
        if name in _ACCENTS and argument is not None:
            base = _SYMBOLS.get(argument[1:], "") if argument[:1] == "\\" else argument
            base = {"ı": "i", "ȷ": "j"}.get(base, base)
            return unicodedata.normalize("NFC", base + _ACCENTS[name])
        if name in _FONT_COMMANDS and arg is not None:
            return _decode_fast(arg) or arg
        if name in _SYMBOLS:
            rest = "" if arg == "" else (arg or char or "")
            return _SYMBOLS[name] + rest
        unknown = True
        return match[0]

    text = _COMMAND.sub(replace, value)
    if unknown or "\\" in text or _MATH.search(value):
        return None
    text = text.replace("---", "—").replace("--", "–").replace("``", "“")
    text = text.replace("''", "”").replace("~", NBSP)
    return text.replace("{", "").replace("}", "")


_ENCODE = {
    "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%",
    "$": "\\$", "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}", NBSP: "~", "«": "\\og{}", "»": "\\fg{}",
}  # fmt: skip
_ENCODE_PATTERN = re.compile(r"-(?=-)|`(?=`)|'(?=')|[\\{}&%$#_~^\u00a0«»]")


def encode_latex(text: str) -> str:
    """Return a BibTeX-safe spelling of Unicode ``text`` (inverse of decode)."""

    def replace(match: re.Match[str]) -> str:
        found = match[0]
        return _ENCODE.get(found, found + "{}")

    return _ENCODE_PATTERN.sub(replace, text)
