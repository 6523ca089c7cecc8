"""Markdown people type, made into HTML safe to show: the one adapter over nh3.

Each feature states what its HTML may contain in a :class:`Policy`; the parser
and the sanitiser are shared so that every feature escapes the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt

SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class Sanitised:
    """HTML that went through :func:`sanitise`; the only value templates mark safe."""

    markup: str

    def __bool__(self) -> bool:
        return bool(self.markup)


@dataclass(frozen=True)
class Policy:
    """The tags, attributes, classes and URL schemes a fragment may keep."""

    tags: frozenset[str]
    attributes: dict[str, set[str]]
    classes: dict[str, set[str]] = field(default_factory=dict)
    schemes: frozenset[str] = SCHEMES
    attribute_filter: Callable[[str, str, str], str | None] | None = None


def markdown_parser() -> MarkdownIt:
    """CommonMark plus tables; raw HTML in the source is never passed through."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def sanitise(
    html: str, policy: Policy, link_rel: str | None = "noopener noreferrer"
) -> Sanitised:
    """Keep what ``policy`` allows, drop scripts, styles and comments whole."""
    return Sanitised(
        nh3.clean(
            html,
            tags=set(policy.tags),
            clean_content_tags={"script", "style"},
            attributes=policy.attributes,
            allowed_classes=policy.classes,
            url_schemes=set(policy.schemes),
            strip_comments=True,
            link_rel=link_rel,
            attribute_filter=policy.attribute_filter,
        )
    )
