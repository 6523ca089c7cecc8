"""Questions, answers and comments: Markdown made into sanitised HTML.

No images (nothing fetched from elsewhere, no tracking pixel) and no headings
above ``h3`` (a thread's text never competes with the page's own headings).
"""

from __future__ import annotations

from functools import lru_cache

from lti_app.markup import (
    Policy,
    Sanitised,
    markdown_parser,
    plain_html,
    sanitise,
    within_budget,
)

POLICY = Policy(
    tags=frozenset(
        {
            "a",
            "blockquote",
            "br",
            "code",
            "del",
            "em",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "li",
            "ol",
            "p",
            "pre",
            "s",
            "strong",
            "sub",
            "sup",
            "table",
            "tbody",
            "td",
            "th",
            "thead",
            "tr",
            "ul",
            "b",
            "i",
        }
    ),
    attributes={
        "a": {"href", "title"},
        "ol": {"start"},
        "td": {"align"},
        "th": {"align"},
    },
)
_MD = markdown_parser()


@lru_cache(maxsize=4096)
def render(source: str) -> Sanitised:
    """The HTML of one text; the same text always gives the same result (cached).

    A text past the Markdown budgets (stored before they were checked) is shown
    as plain text.
    """
    if not within_budget(source):
        return sanitise(plain_html(source), POLICY)
    html = _MD.render(source)
    for level in ("1", "2"):  # shifted down rather than dropped: the words stay
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return sanitise(html, POLICY)
