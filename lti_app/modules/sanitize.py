"""The one adapter over nh3: what a rendered module may contain, and nothing more."""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3

TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "section", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul", "b",
    "div",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "span": {"data-cites"},
    "td": {"align"},
    "th": {"align"},
}
CLASSES = {
    "span": {"citation", "citation-unknown"},
    "div": {"csl-entry"},
    "li": {f"toc-level-{level}" for level in range(1, 7)},  # the table of contents
}
SCHEMES = {"http", "https", "mailto"}
# Images come only from the course's own attachments (served to its members only):
# no tracking pixels, no hot-linking, nothing fetched from elsewhere.
IMAGE_SOURCE = re.compile(r"/modules/[0-9]+/files/[0-9]+")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if IMAGE_SOURCE.fullmatch(value) else None
    return value


@dataclass(frozen=True)
class Sanitised:
    """HTML that went through :func:`clean`; the only value templates mark safe."""

    markup: str

    def __bool__(self) -> bool:
        return bool(self.markup)


def clean(html: str) -> Sanitised:
    """Keep the allow-listed tags, attributes, classes and URL schemes only."""
    return Sanitised(_clean(html, "noopener noreferrer"))


def clean_toc(html: str) -> Sanitised:
    """A table of contents: the same allow-list; its in-page links need no ``rel``."""
    return Sanitised(_clean(html, None))


def _clean(html: str, link_rel: str | None) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=SCHEMES,
        strip_comments=True,
        link_rel=link_rel,
        attribute_filter=_filter,
    )
