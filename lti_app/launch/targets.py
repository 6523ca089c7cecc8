"""The places in Cartable a deep-linked activity can open: name -> endpoint + label.

A content item carries only the name (``custom.cartable_target``), never a URL:
a course copied to next year gets new resource link ids and still opens the
same place. Later features add their line to ``_BUILT_IN`` or call
:func:`register_target` when the app is assembled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

CUSTOM_KEY = "cartable_target"


@dataclass(frozen=True)
class Target:
    """A page a link can open; ``label`` is a lazy French source string."""

    name: str
    endpoint: str
    label: Any
    values: dict[str, str] = field(default_factory=dict)


_TARGETS: dict[str, Target] = {}


def register_target(name: str, endpoint: str, label: Any, **values: str) -> Target:
    """Offer a page in the deep linking picker; a name is registered once."""
    if name in _TARGETS and _TARGETS[name].endpoint != endpoint:
        raise ValueError(f"deep linking target {name!r} is already registered")
    target = Target(name, endpoint, label, dict(values))
    _TARGETS[name] = target
    return target


def find_target(name: str | None) -> Target | None:
    """The target of that name, if Cartable still offers it."""
    return _TARGETS.get(name) if name else None


def list_targets() -> list[Target]:
    """Every target, in the order they were registered."""
    return list(_TARGETS.values())


register_target("course", "course.home", _l("Accueil du cours"))
register_target("reading", "references.reading_list", _l("Liste de lecture"))
register_target("modules", "modules.index", _l("Modules du cours"))
