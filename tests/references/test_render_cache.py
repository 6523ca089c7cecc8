"""The render cache: hits per revision, style and locale; same-author-year groups."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.references import imports, queries, render_cache, service
from lti_app.references.entries import build_entry
from lti_app.references.models import RenderedEntry


def _add(course: int, key: str, author: str, year: str, title: str) -> int:
    data = build_entry("book", key, {"author": author, "title": title,
                                     "publisher": "PUF", "year": year})  # fmt: skip
    return service.create_reference(course, None, data).id


def _rows() -> dict[int, tuple[int, int, str]]:
    """reference id -> (row id, revision, locale) of every cached rendering."""
    rows = db.session.scalars(select(RenderedEntry)).all()
    return {r.reference_id: (r.id, r.revision, r.locale) for r in rows}


@pytest.fixture
def course(app: Flask, make_course: Callable[..., int]) -> int:
    return make_course()


def test_a_second_dupont_2009_turns_2009_into_2009a_and_2009b(
    app: Flask, course: int
) -> None:
    with app.app_context():
        first = _add(course, "dupont2009", "Dupont, Anne", "2009", "Action sociale")
        other = _add(course, "martin2010", "Martin, Paul", "2010", "Territoires")
        shown = render_cache.rendered_entries(course, [first, other], "fr")
        assert "(2009)" in shown[first].text
        before = _rows()
        second = _add(course, "dupont2009b", "Dupont, Anne", "2009", "Bénévolat")
        shown = render_cache.rendered_entries(course, [first, second, other], "fr")
        assert "(2009a)" in shown[first].text  # by title: "Action" < "Bénévolat"
        assert "(2009b)" in shown[second].text
        after = _rows()
        assert after[other] == before[other]  # Martin was not rendered again
        assert after[first] != before[first]


def test_editing_an_unrelated_entry_renders_only_that_entry(
    app: Flask, course: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        ids = [_add(course, f"k{n}", f"Auteur{n}, A", str(2000 + n), f"T{n}")
               for n in range(5)]  # fmt: skip
        render_cache.rendered_entries(course, ids, "fr")
        before = _rows()
        calls: list[int] = []
        original = render_cache.render_bibliography

        def counting(references, *args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(len(references))
            return original(references, *args, **kwargs)

        monkeypatch.setattr(render_cache, "render_bibliography", counting)
        render_cache.rendered_entries(course, ids, "fr")
        assert calls == []  # warm: nothing rendered
        row = queries.find_reference(course, ids[2])
        assert row is not None
        service.update_reference(row, None, build_entry(
            "book", "k2", {"author": "Auteur2, A", "title": "Nouveau titre",
                           "publisher": "PUF", "year": "2002"}))  # fmt: skip
        shown = render_cache.rendered_entries(course, ids, "fr")
        assert calls == [1]  # one entry, in one call
        assert "Nouveau titre" in shown[ids[2]].text
        after = _rows()
        assert {i: after[i] for i in ids if i != ids[2]} == {
            i: before[i] for i in ids if i != ids[2]
        }
        assert after[ids[2]][1] == 2  # the new revision, the old row replaced


def test_deleting_a_group_member_drops_the_suffix(app: Flask, course: int) -> None:
    with app.app_context():
        first = _add(course, "a", "Dupont, Anne", "2009", "Alpha")
        second = _add(course, "b", "Dupont, Anne", "2009", "Beta")
        assert (
            "2009a" in render_cache.rendered_entries(course, [first], "fr")[first].text
        )
        row = queries.find_reference(course, second)
        assert row is not None
        service.delete_reference(row, None)
        shown = render_cache.rendered_entries(course, [first, second], "fr")
        assert "(2009)" in shown[first].text
        assert second not in shown  # in the bin: not rendered for the list


def test_style_and_locale_have_their_own_entries(app: Flask, course: int) -> None:
    with app.app_context():
        ref = _add(course, "lipsky1980", "Lipsky, Michael", "1980", "Street-Level")
        french = render_cache.rendered_entries(course, [ref], "fr")[ref]
        english = render_cache.rendered_entries(course, [ref], "en")[ref]
        assert {r[2] for r in db.session.execute(
            select(RenderedEntry.reference_id, RenderedEntry.revision,
                   RenderedEntry.locale))} == {"fr-FR", "en-US"}  # fmt: skip
        service.set_style(course, None, "chicago-author-date-fr")
        chicago = render_cache.rendered_entries(course, [ref], "fr")[ref]
        assert chicago.html != french.html or chicago.text != french.text
        assert english is not None


def test_a_whole_import_renders_in_few_calls(
    app: Flask, course: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = "".join(
        f"@book{{k{n}, author={{Nom{n % 7}, A}}, title={{T{n}}}, publisher={{P}}, "
        f"year={{{2000 + n % 3}}}}}\n"
        for n in range(60)
    )
    with app.app_context():
        parsed = imports.read_input(entries.encode(), "x.bib", 10**6, upload=True)
        imports.import_now(course, None, parsed)
        ids = [r.id for r in queries.list_references(course)]
        calls: list[int] = []
        original = render_cache.render_bibliography

        def counting(references, *args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(len(references))
            return original(references, *args, **kwargs)

        monkeypatch.setattr(render_cache, "render_bibliography", counting)
        shown = render_cache.rendered_entries(course, ids, "fr")
        assert calls == [60]
        suffixed = [r.text for r in shown.values() if r and "2000a" in r.text]
        assert suffixed  # Nom0 2000 appears several times: suffixes were given


def test_renderings_from_an_older_renderer_are_not_served(
    app: Flask, course: int
) -> None:
    """A subtitle typed before subtitles were cited shows once the renderer changed."""
    with app.app_context():
        data = build_entry("book", "dubois2010", {
            "author": "Dubois, Vincent", "title": "La vie au guichet",
            "subtitle": "relation administrative", "publisher": "Economica",
            "year": "2010"})  # fmt: skip
        row = service.create_reference(course, None, data)
        render_cache.rendered_entries(course, [row.id], "fr")
        cached = db.session.scalars(select(RenderedEntry)).one()
        # As the previous renderer stored it: its key, without the subtitle.
        cached.style_key = hashlib.sha1(b"apa", usedforsecurity=False).hexdigest()
        cached.html = "Dubois, V. (2010). <i>La vie au guichet</i>. Economica."
        cached.text = "Dubois, V. (2010). La vie au guichet. Economica."
        db.session.commit()
        shown = render_cache.rendered_entries(course, [row.id], "fr")[row.id]
        assert shown is not None
        assert "La vie au guichet\u00a0: relation administrative" in shown.text


def test_the_citation_stamp_follows_the_renderer_version(
    app: Flask, course: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Modules cache their citations under this stamp: a new renderer, a new stamp."""
    with app.app_context():
        _add(course, "dupont2009", "Dupont, Anne", "2009", "Action sociale")
        before = queries.citation_stamp(course)
        monkeypatch.setattr(queries, "RENDERER_VERSION", "next")
        assert queries.citation_stamp(course) != before
