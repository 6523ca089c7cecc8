# ruff: noqa: RUF001 - the tables map LaTeX to these exact look-alike characters
"""LaTeX to Unicode for BibTeX field values, and Unicode back to BibTeX.

A hand-written decoder covers what bibliographies use (accents, ligatures,
guillemets, dashes, font commands) in linear time; anything it does not know
falls back to pylatexenc, which is correct but ~100 times slower.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text

from bibliography.budgets import CACHE_MAX_CHARS, LATEX_FALLBACK_MAX_CHARS

NBSP = "\u00a0"
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "c": "\u0327", "u": "\u0306", "v": "\u030c",
    "H": "\u030b", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_SYMBOLS = {
    "oe": "œ", "OE": "Œ", "ae": "æ", "AE": "Æ", "o": "ø", "O": "Ø", "ss": "ß",
    "l": "ł", "L": "Ł", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ",
    "&": "&", "%": "%", "$": "$", "_": "_", "#": "#", "{": "\ue000", "}": "\ue001",
    " ": " ", ",": "\u202f", "-": "", "/": "", "textendash": "–",
    "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…",
    "og": "«" + NBSP, "fg": NBSP + "»", "guillemotleft": "«",
    "guillemotright": "»", "textquotedblleft": "“", "textquotedblright": "”",
    "textquoteleft": "‘", "textquoteright": "’", "S": "§", "P": "¶",
    "textbackslash": "\ue002", "textbraceleft": "\ue000",
    "textbraceright": "\ue001", "textasciitilde": "\ue003", "textasciicircum": "^",
    "textdegree": "°", "copyright": "©", "textregistered": "®", "euro": "€",
    "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
    "nobreakspace": NBSP, "relax": "", "textsuperscript": "",
}  # fmt: skip
_FONT_COMMANDS = frozenset(
    {
        "emph", "textit", "textbf", "textsc", "texttt", "textrm", "textsf",
        "textup", "textmd", "textsl", "mkbibquote", "mkbibemph", "url",
        "uppercase", "MakeUppercase", "mbox", "hbox", "text",
    }
)  # fmt: skip
# One command: a backslash then a name (letters) or one other character,
# with an optional argument (braced, or a letter after an accent command).
_COMMAND = re.compile(
    r"\\(?P<name>[A-Za-z]+|.)(?:\s*\{(?P<arg>[^{}]*)\}"
    r'|(?<=[\'`^"~=.])(?P<ch>\\?[A-Za-z])|(?<=[A-Za-z])\s+)?',
    re.DOTALL,
)
# ASCII whitespace only: no-break and thin spaces are meaningful in French.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_NEEDS_DECODING = re.compile(r"[\\{}~\-`'$]")
_MATH = re.compile(r"(?<!\\)\$")
_FRENCH_QUOTES = re.compile(r"\\(og|fg)(?![A-Za-z])")
# \href{url}{ (the text follows, up to the matching brace), \url{url}, braces.
_LINK = re.compile(r"\\(href|url)\s*\{([^{}]*)\}(\s*\{)?|[{}]")
_URL_ESCAPE = re.compile(r"\\([%#&_~$])")
_URL_MARK = "\ue004{}\ue005"
_URL_MARKS = re.compile("\ue004([0-9]+)\ue005")
# pylatexenc logs what it tolerates; problems are ours to report.
logging.getLogger("pylatexenc").addHandler(logging.NullHandler())
logging.getLogger("pylatexenc").propagate = False


def decode_latex(value: str) -> str:
    """Return the Unicode text of a BibTeX field value (braces removed).

    Never raises: what no decoder understands is kept as text.
    """
    if _NEEDS_DECODING.search(value) is None:
        return _SPACES.sub(" ", value).strip()
    if len(value) > CACHE_MAX_CHARS:
        return _decode(value)
    return _decode_cached(value)


def _decode(value: str) -> str:
    urls: list[str] = []
    if "\\href" in value or "\\url" in value:
        value, urls = _set_links_aside(value)
    text = _decode_fast(value, lenient=False)
    if text is None and len(value) <= LATEX_FALLBACK_MAX_CHARS:
        text = _decode_slow(value)
    if text is None:
        text = _decode_fast(value, lenient=True) or ""
    text = text.replace(NBSP + " ", NBSP).replace(" " + NBSP, NBSP)
    text = _SPACES.sub(" ", text).strip()
    return _URL_MARKS.sub(lambda mark: urls[int(mark[1])], text) if urls else text


# Short values only (see decode_latex): the cache lives as long as the process.
_decode_cached = lru_cache(maxsize=4096)(_decode)


def _set_links_aside(value: str) -> tuple[str, list[str]]:
    r"""``\href{u}{t}`` becomes ``t (u)`` and ``\url{u}`` becomes ``u``.

    The URLs wait behind marks, so that no decoder turns their ``~`` or ``--``
    into typography. One pass, a stack of the open groups: linear time.
    """
    value = value.replace("\ue004", "").replace("\ue005", "")
    urls: list[str] = []
    out: list[str] = []
    # Open groups; a link's text: (url, first piece, first character).
    groups: list[tuple[int, int, int] | None] = []
    written = position = 0
    for match in _LINK.finditer(value):
        link_text = match[1] == "href" and match[3] is not None
        out.append(value[position : match.start()])
        position = match.end()
        if match[1]:
            urls.append(_URL_ESCAPE.sub(r"\1", match[2].strip()))
        piece = "{" if link_text else (match[0] if not match[1] else "")
        out.append(piece or _URL_MARK.format(len(urls) - 1))
        written += len(out[-2]) + len(out[-1])
        if link_text or match[0] == "{":
            start = (len(urls) - 1, len(out), written)
            groups.append(start if link_text else None)
        elif match[0] == "}" and groups and (group := groups.pop()) is not None:
            out.append(_link_tail(out, urls[group[0]], group, written))
            written += len(out[-1])
    out.append(value[position:])
    out.extend(f" ({_URL_MARK.format(g[0])})" for g in groups if g is not None)
    return "".join(out), urls


def _link_tail(out: list[str], url: str, group: tuple[int, int, int], end: int) -> str:
    """`` (url)`` after a link's text; the URL alone for no text or the URL."""
    mark = _URL_MARK.format(group[0])
    size = end - 1 - group[2]  # the text, without its closing brace
    if size == 0:
        return mark
    # Joined only when as long as the URL: linear in the URLs' length overall.
    if size == len(url) and "".join(out[group[1] :])[:-1] == url:
        return ""
    return f" ({mark})"


def _decode_slow(value: str) -> str | None:
    r"""pylatexenc for what the fast decoder does not know (None if it fails).

    A fresh converter each time: pylatexenc keeps ``\title`` and ``\author``
    in the converter for a later ``\maketitle``, carrying one person's text
    into another's.
    """
    converter = LatexNodes2Text(math_mode="verbatim")
    try:
        text: str = converter.latex_to_text(_FRENCH_QUOTES.sub(_quote, value))
    # Its handlers index arguments its parser never collected (\href, \footnote,
    # \title, \verb, array environments...) and it recurses once per nested
    # group: any failure means "not decodable here", never a crash.
    except Exception:
        return None
    return text.replace("~", NBSP)


def _quote(match: re.Match[str]) -> str:
    return "«~" if match[1] == "og" else "~»"


def _decode_fast(value: str, *, lenient: bool) -> str | None:
    """Decode known commands; unknown ones give None, or their argument if lenient."""
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
            return _decode_fast(arg, lenient=lenient) or arg
        if name in _SYMBOLS:
            rest = "" if arg == "" else (arg or char or "")
            return _SYMBOLS[name] + rest
        unknown = True
        return (arg or "") if lenient else match[0]

    text = _COMMAND.sub(replace, value)
    if not lenient and (unknown or "\\" in text or _MATH.search(value)):
        return None
    text = text.replace("---", "—").replace("--", "–").replace("``", "“")
    text = text.replace("''", "”").replace("~", NBSP).replace("\\", "")
    text = text.replace("{", "").replace("}", "")
    # Literal braces travel as private-use characters past the brace removal.
    text = text.replace("\ue000", "{").replace("\ue001", "}")
    return text.replace("\ue002", "\\").replace("\ue003", "~")


_ENCODE = {
    "\\": "\\textbackslash{}", "{": "\\textbraceleft{}",
    "}": "\\textbraceright{}", "&": "\\&", "%": "\\%",
    "$": "\\$", "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}", NBSP: "~",
}  # fmt: skip
_ENCODE_PATTERN = re.compile(r"-(?=-)|`(?=`)|'(?=')|[\\{}&%$#_~^\u00a0]")


def encode_latex(text: str) -> str:
    """Return a BibTeX-safe spelling of Unicode ``text`` (inverse of decode)."""

    def replace(match: re.Match[str]) -> str:
        found = match[0]
        return _ENCODE.get(found, found + "{}")

    return _ENCODE_PATTERN.sub(replace, text)
