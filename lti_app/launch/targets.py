"""The places in Cartable a deep-linked activity can open: name -> endpoint + label.

A content item carries only the name (``custom.cartable_target``), never a URL:
a course copied to next year gets new resource link ids and still opens the
same place. Static pages call :func:`register_target`; a feature with one target
per course item (``module:<slug>``) registers a :class:`TargetProvider` when the
app is assembled, so that this package never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from lti_app.lti.context import LaunchContext
from lti_app.lti.deep_linking import LineItem

CUSTOM_KEY = "cartable_target"


@dataclass(frozen=True)
class Target:
    """A page a link can open; ``label`` is a lazy French source string."""

    name: str
    endpoint: str
    label: Any
    values: dict[str, str] = field(default_factory=dict)
    # A graded target asks the platform for a gradebook column.
    line_item: LineItem | None = None


@dataclass(frozen=True)
class TargetProvider:
    """Targets ``<prefix>:<key>`` at ``endpoint``, listed and found in one course.

    ``list`` gives ``(key, label)`` pairs for the picker; ``find`` gives the label
    and URL values of the key's page in the launch's course, or None when gone;
    ``line_item``, when given, the gradebook column a deep link to the key asks for.
    Plain values only: the providing feature never imports this package.
    """

    prefix: str
    endpoint: str
    list: Callable[[LaunchContext], list[tuple[str, str]]]
    find: Callable[[LaunchContext, str], tuple[str, dict[str, str]] | None]
    line_item: Callable[[LaunchContext, str], LineItem | None] | None = None

    def target(self, key: str, label: Any, values: dict[str, str],
               line_item: LineItem | None = None) -> Target:  # fmt: skip
        """The target of one key."""
        return Target(f"{self.prefix}:{key}", self.endpoint, label, values, line_item)


_TARGETS: dict[str, Target] = {}
_PROVIDERS: dict[str, TargetProvider] = {}


def register_target(name: str, endpoint: str, label: Any, **values: str) -> Target:
    """Offer a page in the deep linking picker; a name is registered once."""
    if name in _TARGETS and _TARGETS[name].endpoint != endpoint:
        raise ValueError(f"deep linking target {name!r} is already registered")
    target = Target(name, endpoint, label, dict(values))
    _TARGETS[name] = target
    return target


def register_provider(provider: TargetProvider) -> None:
    """Offer per-course targets ``<prefix>:<key>``; a prefix is registered once."""
    known = _PROVIDERS.get(provider.prefix)
    if known is not None and known != provider:
        raise ValueError(f"deep linking prefix {provider.prefix!r} is taken")
    _PROVIDERS[provider.prefix] = provider


def find_target(
    name: str | None, context: LaunchContext | None = None
) -> Target | None:
    """The target of that name, if Cartable still offers it in the launch's course."""
    if not name:
        return None
    prefix, sep, key = name.partition(":")
    if not sep:
        return _TARGETS.get(name)
    provider = _PROVIDERS.get(prefix)
    if provider is None or context is None or not key:
        return None
    found = provider.find(context, key)
    return None if found is None else provider.target(key, *found)


def list_targets(context: LaunchContext | None = None) -> list[Target]:
    """Every static target in registration order, then the course's own targets."""
    targets = list(_TARGETS.values())
    if context is not None:
        for provider in _PROVIDERS.values():
            grading = provider.line_item
            targets.extend(
                provider.target(
                    key, label, {}, grading(context, key) if grading else None
                )
                for key, label in provider.list(context)
            )
    return targets


register_target("course", "course.home", _l("Accueil du cours"))
register_target("reading", "references.reading_list", _l("Liste de lecture"))
register_target("modules", "modules.index", _l("Modules du cours"))
