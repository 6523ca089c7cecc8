"""The only nh3 user: a whitelist for HTML produced by CSL rendering."""

from __future__ import annotations

import nh3

_TAGS = {"i", "b", "em", "strong", "span", "a", "sup", "sub", "div", "p"}
_ATTRIBUTES = {"a": {"href"}, "span": {"class"}, "div": {"class", "id"}, "p": {"class"}}


def clean_html(fragment: str) -> str:
    """Return ``fragment`` with only formatting tags and http(s) links left."""
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_PAGE_TAGS = _TAGS | {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
                      "blockquote",
                      "code", "pre", "hr", "br", "section"}  # fmt: skip
_PAGE_ATTRIBUTES = _ATTRIBUTES | {
    "span": {"class", "data-cites"},
    "div": {"class", "id"},
}


def clean_page(fragment: str) -> str:
    """Sanitise a rendered Markdown page (user HTML included)."""
    return nh3.clean(
        fragment,
        tags=_PAGE_TAGS,
        attributes=_PAGE_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
