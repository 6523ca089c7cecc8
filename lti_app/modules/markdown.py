"""Markdown to HTML: CommonMark and tables, heading anchors, a table of contents.

Raw HTML in the source is never passed through (markdown-it's ``html`` is off);
citation spans produced by the bibliography package are put back afterwards, and
the whole result still goes through the sanitiser.
"""

from __future__ import annotations

import html as entities
import re
import unicodedata
from dataclasses import dataclass

from markdown_it.token import Token

from lti_app.markup import markdown_parser

# Private-use characters: ``<`` hidden from the citation step, and placeholders.
LT, OPEN, CLOSE = "\ue000", "\ue001", "\ue002"
_PRIVATE = str.maketrans({LT: None, OPEN: None, CLOSE: None})
_PLACEHOLDER = re.compile(f"{OPEN}([0-9]+){CLOSE}")
_TAG = re.compile(r"<[^>]*>")
_SPAN_START = '<span class="citation'


@dataclass(frozen=True)
class Heading:
    """One entry of the table of contents."""

    level: int
    anchor: str
    text: str


_MD = markdown_parser()


def strip_private(text: str) -> str:
    """The source without the private-use characters this module reserves."""
    return text.translate(_PRIVATE)


def slugify(text: str) -> str:
    """An ASCII anchor for a heading text."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "section"


def protect(fragments: list[str], text: str) -> str:
    """Move each generated citation span out of ``text`` into ``fragments``."""
    out, position = [], 0
    while (start := text.find(_SPAN_START, position)) != -1:
        end = _span_end(text, start)
        out.append(text[position:start])
        out.append(f"{OPEN}{len(fragments)}{CLOSE}")
        fragments.append(text[start:end].replace(LT, "&lt;"))
        position = end
    out.append(text[position:])
    return "".join(out)


def _span_end(text: str, start: int) -> int:
    """Where the span opened at ``start`` closes (nested spans counted)."""
    depth, index = 0, start
    for match in re.finditer(r"<(/?)span\b[^>]*>", text[start:]):
        depth += -1 if match[1] else 1
        index = start + match.end()
        if depth == 0:
            return index
    return len(text) if depth else index


def render(source: str, fragments: list[str]) -> tuple[str, list[Heading]]:
    """HTML of the Markdown (placeholders filled from ``fragments``) and its TOC."""
    tokens = _MD.parse(source.replace(LT, "<"))
    toc = _anchor_headings(tokens, fragments)
    html = _MD.renderer.render(tokens, _MD.options, {})
    return _fill(html, fragments), toc


def _anchor_headings(tokens: list[Token], fragments: list[str]) -> list[Heading]:
    toc: list[Heading] = []
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        text = _plain(tokens[index + 1].content, fragments)
        base = "h-" + slugify(text)
        seen[base] = seen.get(base, 0) + 1
        anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
        token.attrSet("id", anchor)
        toc.append(Heading(int(token.tag[1]), anchor, text))
    return toc


def _plain(text: str, fragments: list[str]) -> str:
    filled = _PLACEHOLDER.sub(lambda m: _TAG.sub("", fragments[int(m[1])]), text)
    return entities.unescape(re.sub(r"[*_`#]+", "", filled)).strip()


def _fill(html: str, fragments: list[str]) -> str:
    def fragment(match: re.Match[str]) -> str:
        number = int(match[1])
        return fragments[number] if number < len(fragments) else ""

    return _PLACEHOLDER.sub(fragment, html)
