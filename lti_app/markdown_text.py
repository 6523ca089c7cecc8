"""Plain Markdown (no citations, no images) rendered and sanitised, for short texts.

Raw HTML in the source is not passed through (markdown-it's ``html`` is off) and
the result still goes through nh3 with a small allow-list: no script, no event
handler, no ``javascript:`` link, no style can pass.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "ul", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def render(text: str) -> Markup:
    """Safe HTML of a Markdown text: the sanitiser's output, the only thing marked safe."""
    html = _MD.render(text or "")
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
