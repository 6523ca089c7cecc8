"""Copying a course's content into its copy, feature by feature, in one transaction.

Feature packages are siblings that never import each other (STYLE.md): each
registers a :class:`Copier` from the factory, in order (modules before the
reading list, whose sections name modules). A copier adds rows to the session and
never commits; the caller of :func:`copy_content` commits once, so a failure
leaves nothing half-copied. Copiers copy what teachers wrote, never students' data (questions,
submissions, grades, marks, suggestions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from lti_app.extensions import db

# Old id -> new id per kind ("modules", "references"...), shared by the copiers.
IdMaps = dict[str, dict[int, int]]


@dataclass(frozen=True)
class Copier:
    """One feature's copy: ``count(course_id)`` items to copy, and the copy itself.

    ``copy(source_id, target_id, maps)`` returns how many items it added; ``label``
    is a lazy French source string naming what it copies.
    """

    name: str
    label: Any
    count: Callable[[int], int]
    copy: Callable[[int, int, IdMaps], int]


def init_app(app: Flask) -> None:
    """Start the registry empty (called by the factory before registering)."""
    app.extensions["cartable_course_copiers"] = []


def register_copier(app: Flask, copier: Copier) -> None:
    """Add a feature's copier; a name is registered once."""
    copiers: list[Copier] = app.extensions["cartable_course_copiers"]
    if any(known.name == copier.name for known in copiers):
        raise ValueError(f"course copier {copier.name!r} is already registered")
    copiers.append(copier)


def list_copiers() -> list[Copier]:
    """Every registered copier, in registration order."""
    copiers: list[Copier] = current_app.extensions["cartable_course_copiers"]
    return list(copiers)


def describe(source_id: int) -> list[tuple[Copier, int]]:
    """What each copier would copy from this course."""
    return [(copier, copier.count(source_id)) for copier in list_copiers()]


def copy_content(source_id: int, target_id: int) -> dict[str, int]:
    """Run every copier in order; the caller commits (or rolls back) once."""
    maps: IdMaps = {}
    counts: dict[str, int] = {}
    for copier in list_copiers():
        counts[copier.name] = copier.copy(source_id, target_id, maps)
        db.session.flush()
    return counts
