"""A module's text turned into sanitised HTML, with its citations and references."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from bibliography import (
    LocaleError,
    Reference,
    StyleError,
    process_citations,
    render_bibliography,
)
from lti_app.markup import plain_html, within_budget
from lti_app.modules import markdown
from lti_app.modules.markdown import Heading
from lti_app.modules.sanitize import Sanitised, clean, clean_toc

_LOCALES = {"fr": "fr-FR", "en": "en-US"}
_UNKNOWN = re.compile(r'<span class="citation-unknown"[^>]*>[^<]*</span>')


@dataclass(frozen=True)
class Rendered:
    """What a module page shows: body, references cited, TOC, unknown keys."""

    html: Sanitised
    student_html: Sanitised
    bibliography: Sanitised
    toc: tuple[Heading, ...]
    unknown: tuple[str, ...]

    def body_for(self, is_staff: bool) -> Sanitised:
        """Staff see unknown keys flagged in the text; students do not."""
        return self.html if is_staff else self.student_html

    @cached_property
    def toc_list(self) -> Sanitised:
        """The table of contents as a list, built once per rendering.

        A long module has dozens of headings: the page reuses this markup
        instead of looping over them in the template on every view.
        """
        items = "".join(
            f'<li class="toc-level-{int(h.level)}">'
            f'<a href="#{html.escape(h.anchor, quote=True)}">{html.escape(h.text)}</a></li>'
            for h in self.toc
        )
        return clean_toc(f"<ul>{items}</ul>")


def csl_locale(language: str) -> str:
    """The CSL locale of the interface language."""
    return _LOCALES.get(language, "fr-FR")


def render_module(
    source: str, references: Sequence[Reference], style: str, language: str
) -> Rendered:
    """Render Markdown with citations of ``references`` in ``style``.

    A text past the Markdown budgets (stored before they were checked) is shown
    as plain text, without citations.
    """
    if not within_budget(source):
        text = clean(plain_html(source))
        return Rendered(text, text, clean(""), (), ())
    locale = csl_locale(language)
    text = markdown.strip_private(source).replace("<", markdown.LT)
    try:
        result = process_citations(text, references, style, locale)
    except (StyleError, LocaleError):
        result = process_citations(text, references, "apa", locale)
    fragments: list[str] = []
    body, toc = markdown.render(markdown.protect(fragments, result.text), fragments)
    cited = _cited(references, result.cited)
    return Rendered(
        html=clean(body),
        student_html=clean(_UNKNOWN.sub("", body)),
        bibliography=clean(_bibliography(cited, style, locale)),
        toc=tuple(toc),
        unknown=tuple(result.unknown),
    )


def _cited(references: Sequence[Reference], keys: Sequence[str]) -> list[Reference]:
    wanted = set(keys)
    return [reference for reference in references if reference.key in wanted]


def _bibliography(cited: list[Reference], style: str, locale: str) -> str:
    """The cited entries, each with the anchor its citations link to."""
    if not cited:
        return ""
    try:
        entries = render_bibliography(cited, style, locale)
    except (StyleError, LocaleError):
        entries = render_bibliography(cited, "apa", locale)
    items = "".join(
        f'<li id="ref-{html.escape(item.key, quote=True)}">'
        f'<div class="csl-entry">{item.html}</div></li>'
        for item in entries
    )
    return f"<ul>{items}</ul>"
