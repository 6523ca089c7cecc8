"""How modules and the reading list point at each other, without importing each other.

Feature packages are siblings and never import each other (STYLE.md). A reading
list section may belong to a module: the references feature asks the modules
feature which modules exist or are visible, and the module page asks the
references feature for that module's readings. The factory hands each side's
read function to this registry; both sides speak plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

from bibliography import Rendered


@dataclass(frozen=True)
class Reading:
    """One placed reference as a student sees it, its labels already translated.

    ``rendered`` is the bibliography package's sanitised output: templates show
    it only through the ``rendered_entry`` macro.
    """

    item_id: int
    importance: str
    importance_label: str
    note: str
    rendered: Rendered | None
    doi_url: str | None
    url: str | None


@dataclass(frozen=True)
class ModuleReadings:
    """A reading list section linked to a module, with its live entries."""

    section_id: int
    title: str
    description: str
    entries: list[Reading]


@dataclass(frozen=True)
class CourseContent:
    """The questions one feature asks the other about a course.

    ``modules(course_id, staff)`` gives ``(id, title)`` of the modules outside the
    bin, in order: all for staff, only those available to students otherwise.
    ``readings(course_id, module_id, language)`` gives the sections linked to
    that module.
    """

    modules: Callable[[int, bool], list[tuple[int, str]]]
    readings: Callable[[int, int, str], list[ModuleReadings]]


def init_app(app: Flask, content: CourseContent) -> None:
    """Record both features' read side (called by the factory)."""
    app.extensions["cartable_course_content"] = content


def _content() -> CourseContent:
    content: CourseContent = current_app.extensions["cartable_course_content"]
    return content


def list_modules(course_id: int, *, staff: bool) -> list[tuple[int, str]]:
    """``(id, title)`` of the course's modules this audience may open, in order."""
    return _content().modules(course_id, staff)


def list_module_readings(
    course_id: int, module_id: int, language: str
) -> list[ModuleReadings]:
    """The reading list sections linked to a module, rendered for ``language``."""
    return _content().readings(course_id, module_id, language)
