"""What a question can be about, and where other pages offer to ask one.

The questions feature never imports modules, references or submissions, and they
never import it (STYLE.md). The factory registers, for each kind of course item
a question may be attached to ("module", "reference", "assignment"), a function
listing that kind's items; and the questions feature registers the builder of
its "ask a question about this" link, which other pages show when it is there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

KINDS = ("module", "reference", "assignment")
_KEY = "cartable_subjects"
_SENTINEL = 9_876_543_210  # an id no row has, replaced in the URL built once


@dataclass(frozen=True)
class SubjectProvider:
    """The items of one kind in a course, as ``(id, title)``, in display order.

    ``list(course_id, staff)`` lists what that audience may open: students never
    see a draft module, a hidden reference or an unpublished assignment.
    ``label`` is a lazy French source string naming the kind.
    """

    kind: str
    label: Any
    list: Callable[[int, bool], list[tuple[int, str]]]


@dataclass
class _Registry:
    providers: dict[str, SubjectProvider]
    ask_url: Callable[[str, int], str] | None = None


def _registry(app: Flask | None = None) -> _Registry:
    target = app or current_app
    registry: _Registry = target.extensions.setdefault(_KEY, _Registry({}))
    return registry


def register_subject(app: Flask, provider: SubjectProvider) -> None:
    """Let questions be attached to items of ``provider.kind`` (factory only)."""
    if provider.kind not in KINDS:
        raise ValueError(f"unknown question subject kind {provider.kind!r}")
    _registry(app).providers[provider.kind] = provider


def register_ask_link(app: Flask, builder: Callable[[str, int], str]) -> None:
    """The URL of "ask a question about <kind> <id>" (set by the questions feature)."""
    _registry(app).ask_url = builder


def list_providers() -> list[SubjectProvider]:
    """The registered kinds, in the order of :data:`KINDS`."""
    providers = _registry().providers
    return [providers[kind] for kind in KINDS if kind in providers]


def list_subjects(course_id: int, kind: str, *, staff: bool) -> list[tuple[int, str]]:
    """``(id, title)`` of the items of ``kind`` this audience may see."""
    provider = _registry().providers.get(kind)
    return provider.list(course_id, staff) if provider else []


def find_subject_title(
    course_id: int, kind: str, item_id: int, *, staff: bool
) -> str | None:
    """The title of one item this audience may see, or None (gone or hidden)."""
    return dict(list_subjects(course_id, kind, staff=staff)).get(item_id)


def ask_url(kind: str, item_id: int) -> str | None:
    """Where to ask about this item, or None when questions are not installed."""
    builder = _registry().ask_url
    return builder(kind, item_id) if builder and kind in KINDS else None


def ask_url_maker(kind: str) -> Callable[[int], str] | None:
    """A fast :func:`ask_url` for long lists: the URL is built once, then filled in."""
    builder = _registry().ask_url
    if builder is None or kind not in KINDS:
        return None
    head, _sep, tail = builder(kind, _SENTINEL).partition(str(_SENTINEL))
    return lambda item_id: f"{head}{int(item_id)}{tail}"


def init_app(app: Flask) -> None:
    """Give templates :func:`ask_url`."""
    _registry(app)
    app.jinja_env.globals["ask_url"] = ask_url
