"""Markdown people type, made into HTML safe to show: the one adapter over nh3.

Each feature states what its HTML may contain in a :class:`Policy`; the parser
and the sanitiser are shared so that every feature escapes the same way. The
budgets of :mod:`lti_app.budgets` (size, nesting) are checked at the forms with
:func:`check_budget`; a text stored before them and past them is shown as plain
text (:func:`plain_html`), never parsed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt

from lti_app import budgets

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


# One container marker at the start of a line: a block quote or a list item.
_CONTAINER = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))[ \t]?")
_LIST_ITEM = re.compile(r"([ \t]*)(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t]|$)")
_BRACKET = re.compile(r"\\.|[\[\]]")


class MarkdownBudgetError(ValueError):
    """A text past a Markdown budget: ``code`` is "size" or "depth"."""

    def __init__(self, code: str, limit: int) -> None:
        super().__init__(code, limit)
        self.code, self.limit = code, limit


def _bracket_depth(text: str, stop: int) -> int:
    depth = deepest = 0
    for match in _BRACKET.finditer(text):
        mark = match[0]
        depth = (
            depth + 1 if mark == "[" else max(0, depth - 1) if mark == "]" else depth
        )
        deepest = max(deepest, depth)
        if deepest > stop:
            break
    return deepest


def _line_depth(line: str, indents: list[int]) -> int:
    """Markers opening the line, plus the list items its indentation sits in."""
    item = _LIST_ITEM.match(line)
    column = len(item[1]) if item else len(line) - len(line.lstrip(" \t"))
    while indents and indents[-1] >= column:
        indents.pop()
    if item:
        indents.append(column)
    markers, position = 0, 0
    while match := _CONTAINER.match(line, position):
        if match.end() == position:
            break
        markers, position = markers + 1, match.end()
    return markers + max(0, len(indents) - 1)


def markdown_depth(text: str, stop: int = budgets.MARKDOWN_MAX_DEPTH) -> int:
    """How deep block quotes, lists and brackets nest (counting stops past ``stop``)."""
    deepest, indents = _bracket_depth(text, stop), list[int]()
    for line in text.splitlines():
        if deepest > stop:
            break
        if line.strip():
            deepest = max(deepest, _line_depth(line, indents))
    return deepest


def check_budget(text: str, max_chars: int = budgets.MARKDOWN_MAX_CHARS,
                 max_depth: int = budgets.MARKDOWN_MAX_DEPTH) -> None:  # fmt: skip
    """Raise :class:`MarkdownBudgetError` for a text too long or nested too deep."""
    if len(text) > max_chars:
        raise MarkdownBudgetError("size", max_chars)
    if markdown_depth(text, max_depth) > max_depth:
        raise MarkdownBudgetError("depth", max_depth)


def within_budget(text: str) -> bool:
    """Whether the text may be parsed as Markdown at all."""
    try:
        check_budget(text)
    except MarkdownBudgetError:
        return False
    return True


def plain_html(text: str) -> str:
    """The text as escaped paragraphs: how a text past the budgets is shown."""
    paragraphs = (p for p in re.split(r"\n[ \t]*\n", text) if p.strip())
    return "".join(
        "<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs
    )
