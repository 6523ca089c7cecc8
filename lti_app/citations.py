"""Where features that cite find the course's references, without importing them.

Feature packages are siblings and never import each other (STYLE.md). The
references feature owns the bibliography; the factory hands its two read functions
to this registry, and modules (or any later feature) cite through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

from bibliography import Reference


@dataclass(frozen=True)
class CitationSource:
    """The two questions a citing feature asks about a course."""

    references: Callable[[int], tuple[list[Reference], str]]
    stamp: Callable[[int], str]


def init_app(app: Flask, source: CitationSource) -> None:
    """Record the course bibliography's read side (called by the factory)."""
    app.extensions["cartable_citations"] = source


def references_for(course_id: int) -> tuple[list[Reference], str]:
    """The course's live references as package values, and its citation style."""
    source: CitationSource = current_app.extensions["cartable_citations"]
    return source.references(course_id)


def stamp_for(course_id: int) -> str:
    """A fingerprint that changes whenever the style or any reference changes."""
    source: CitationSource = current_app.extensions["cartable_citations"]
    return source.stamp(course_id)
