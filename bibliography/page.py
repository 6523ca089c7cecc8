"""A Markdown page with citations rendered to safe HTML (markdown-it-py + nh3)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from markdown_it import MarkdownIt

from bibliography.citations import process_citations
from bibliography.csl import render_bibliography
from bibliography.model import Reference
from bibliography.sanitize import clean_page


def render_page(
    markdown: str, references: Sequence[Reference], style: str, locale: str
) -> tuple[str, tuple[str, ...]]:
    """Return sanitised HTML (text, then references) and the unknown keys."""
    result = process_citations(markdown, references, style, locale)
    body = MarkdownIt("commonmark", {"html": True}).render(result.text)
    cited = [ref for ref in references if ref.key in result.cited]
    entries = render_bibliography(cited, style, locale)
    items = "".join(
        f'<div class="csl-entry" id="ref-{html.escape(entry.key, quote=True)}">'
        f"{entry.html}</div>"
        for entry in entries
    )
    page = clean_page(f'{body}<div class="references">{items}</div>')
    return page, result.unknown
