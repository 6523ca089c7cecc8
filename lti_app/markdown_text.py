"""Plain Markdown (no citations, no images) rendered and sanitised, for short texts.

Raw HTML in the source is not passed through (markdown-it's ``html`` is off) and
the result still goes through nh3 with a small allow-list: no script, no event
handler, no ``javascript:`` link, no style can pass.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from lti_app.markup import plain_html, within_budget

TAGS = {
    "a", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p",
    "pre", "strong", "ul", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def _demote(tokens: list[Token], levels: int) -> None:
    """Shift headings down: the text sits under the page's own headings."""
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(6, int(token.tag[1]) + levels)}"


def render(text: str, *, heading_offset: int = 2) -> Markup:
    """Safe HTML of a Markdown text: the sanitiser's output, the only thing marked safe.

    Headings are shifted down by ``heading_offset`` (``#`` becomes ``h3``). A text
    past the Markdown budgets (stored before they were checked) is shown as text.
    """
    if not within_budget(text or ""):
        return Markup(plain_html(text))  # noqa: S704 - every character escaped
    tokens = _MD.parse(text or "")
    _demote(tokens, heading_offset)
    html = _MD.renderer.render(tokens, _MD.options, {})
    return Markup(  # noqa: S704 - nh3 output with an allow-list
        nh3.clean(
            html,
            tags=TAGS,
            clean_content_tags={"script", "style"},
            attributes=ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            strip_comments=True,
            link_rel="noopener noreferrer",
        )
    )
