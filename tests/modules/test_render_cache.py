"""The rendered-module caches follow every change of the cited references."""

from __future__ import annotations

from flask import Flask

from lti_app.citations import stamp_for
from lti_app.extensions import db
from lti_app.modules import render_cache
from lti_app.modules.models import Module
from lti_app.references import queries, service
from tests.modules.conftest import Browser, MakeModule

BODY = "# Lecture\n\nVoir [@lipsky1980] et [@morel2020].\n"


def _change(app: Flask, course: int, action: str) -> str:
    """Apply one change to lipsky1980 (or the style); the course stamp after it."""
    with app.app_context():
        row = queries.find_reference_by_key(course, "lipsky1980")
        assert row is not None
        if action == "delete":
            service.delete_reference(row, None)
        elif action == "restore":
            service.undelete_reference(row, None)
        else:
            service.set_style(course, None, "chicago-author-date-fr")
        return stamp_for(course)


def test_stamp_moves_with_each_change(app: Flask, with_bibliography: int) -> None:
    with app.app_context():
        stamps = [stamp_for(with_bibliography)]
    for action in ("delete", "restore", "style"):
        stamps.append(_change(app, with_bibliography, action))
    assert len(set(stamps)) == len(stamps)


def test_page_follows_a_deleted_then_restored_reference(
    app: Flask, student: Browser, with_bibliography: int, make_module: MakeModule
) -> None:
    mid = make_module("Lecture", BODY)
    assert 'id="ref-lipsky1980"' in student.get(f"/modules/{mid}").text
    _change(app, with_bibliography, "delete")
    assert 'id="ref-lipsky1980"' not in student.get(f"/modules/{mid}").text
    _change(app, with_bibliography, "restore")
    assert 'id="ref-lipsky1980"' in student.get(f"/modules/{mid}").text


def test_a_new_module_under_a_reused_id_is_rendered_afresh(
    app: Flask, with_bibliography: int
) -> None:
    """SQLite may reuse a purged module's id: the worker's copy must not answer."""
    with app.app_context():
        first = Module(course_id=with_bibliography, title="A", slug="a",
                       body_markdown="Premier texte.")  # fmt: skip
        db.session.add(first)
        db.session.commit()
        assert "Premier" in render_cache.rendered_module(first, "fr").html.markup
        reused_id = first.id
        db.session.delete(first)
        db.session.commit()
        second = Module(id=reused_id, course_id=with_bibliography, title="B",
                        slug="b", body_markdown="Second texte.")  # fmt: skip
        db.session.add(second)
        db.session.commit()
        assert "Second" in render_cache.rendered_module(second, "fr").html.markup
