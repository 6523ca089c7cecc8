"""Write side: atomic imports, merge choices, revisions on edit and delete, restore."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select

from bibliography.demo import demo_bibtex
from lti_app.extensions import db
from lti_app.references import imports, queries, service
from lti_app.references.entries import build_entry
from lti_app.references.errors import KeyTaken
from lti_app.references.models import Reference, ReferenceRevision
from tests.references.conftest import TINY_BIB


def _count(model: type, course_id: int) -> int:
    query = select(func.count()).select_from(model).where(model.course_id == course_id)  # type: ignore[attr-defined]
    return int(db.session.scalar(query) or 0)


def _read(data: bytes, name: str = "x.bib") -> imports.Parsed:
    return imports.read_input(data, name, 10**6, upload=True)


@pytest.fixture
def course(app: Flask, make_course: Callable[..., int]) -> int:
    return make_course()


def test_demo_import_adds_every_entry_then_is_idempotent(
    app: Flask, course: int
) -> None:
    with app.app_context():
        first, _ = imports.import_now(course, None, _read(demo_bibtex()))
        again, rows = imports.import_now(course, None, _read(demo_bibtex()))
        assert (first.added, first.rejected) == (10, 0)
        assert (again.added, again.kept, again.replaced) == (0, 10, 0)
        assert {row["reason"] for row in rows} == {"duplicate-key"}
        assert _count(Reference, course) == 10


def test_a_failure_midway_adds_nothing(
    app: Flask, course: int, user_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    original = service.apply_stored

    def failing(row: Reference, data: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        original(row, data)  # type: ignore[arg-type]

    with app.app_context():
        pending = imports.analyse(course, user_id, "demo", _read(demo_bibtex()))
        pending_key = pending.id
    monkeypatch.setattr(service, "apply_stored", failing)
    with app.app_context():
        pending = db.session.get(imports.PendingImport, pending_key)
        with pytest.raises(RuntimeError):
            imports.confirm(pending, None, {})
        assert _count(Reference, course) == 0
        assert db.session.get(imports.PendingImport, pending_key) is not None


def test_duplicates_by_doi_and_title_are_merge_candidates(
    app: Flask, course: int, user_id: int
) -> None:
    with app.app_context():
        base = (
            TINY_BIB
            + b"""@incollection{morel2020, author={Morel, Stanislas},
  title={Prologue}, booktitle={Action publique}, year={2020},
  doi={10.3917/chaso.bordi.2020.01.0018}}"""
        )
        imports.import_now(course, None, _read(base))
        incoming = b"""@incollection{other2020, author={Morel, S.}, title={X},
  booktitle={Y}, year={2020}, doi={https://doi.org/10.3917/CHASO.BORDI.2020.01.0018}}
@book{Lipsky-again, author={Lipsky, Michael},
  title={Street-level bureaucracy},
  publisher={RSF}, year={1980}}
@book{brandnew, author={Neuve, Anne}, title={Neuf}, publisher={P}, year={2024}}
"""
        pending = imports.analyse(course, user_id, "paste", _read(incoming))
        actions = {row["key"]: (row["action"], row["reason"], row["existing_key"])
                   for row in pending.candidates}  # fmt: skip
        assert actions == {
            "other2020": ("merge", "duplicate-doi", "morel2020"),
            "Lipsky-again": ("merge", "duplicate-title", "lipsky1980"),
            "brandnew": ("add", None, None),
        }
        summary = imports.confirm(pending, None, {0: "replace", 1: "keep"})
        assert (summary.added, summary.replaced, summary.kept) == (1, 1, 1)
        morel = queries.find_reference_by_key(course, "morel2020")
        assert morel is not None
        assert morel.revision == 2
        assert morel.bibtex.startswith("@incollection{morel2020,")  # the key is kept
        assert morel.title == "X"
        lipsky = queries.find_reference_by_key(course, "lipsky1980")
        assert lipsky is not None
        assert lipsky.revision == 1
        assert len(queries.list_revisions(morel)) == 1


def test_duplicates_inside_the_input_are_rejected(
    app: Flask, course: int, user_id: int
) -> None:
    with app.app_context():
        pending = imports.analyse(course, user_id, "paste", _read(TINY_BIB + TINY_BIB))
        assert [row["action"] for row in pending.candidates] == ["add", "reject"]
        assert pending.candidates[1]["problems"][0]["code"] == "duplicate-key"


def test_edits_and_deletes_keep_each_previous_version(app: Flask, course: int) -> None:
    with app.app_context():
        values = {"author": "Lipsky, Michael", "title": "Street-Level Bureaucracy",
                  "publisher": "Russell Sage", "year": "1980"}  # fmt: skip
        row = service.create_reference(
            course, None, build_entry("book", "lipsky1980", values)
        )
        service.update_reference(row, None, build_entry("book", "lipsky1980",
                                                        {**values, "year": "2010"}))  # fmt: skip
        service.delete_reference(row, None)
        assert row.is_deleted
        assert row.revision == 3
        revisions = queries.list_revisions(row)
        assert [r.revision for r in revisions] == [2, 1]
        assert "1980" in revisions[1].bibtex
        assert "2010" in revisions[0].bibtex
        assert queries.list_references(course) == []
        service.undelete_reference(row, None)
        service.restore_revision(row, revisions[1], None)
        assert row.year == 1980
        assert row.revision == 5
        assert not row.is_deleted
        assert _count(ReferenceRevision, course) == 4


def test_keys_are_unique_per_course_whatever_the_case(app: Flask, course: int) -> None:
    with app.app_context():
        values = {"author": "A, B", "title": "T", "publisher": "P", "year": "2000"}
        service.create_reference(course, None, build_entry("book", "Key1", values))
        with pytest.raises(KeyTaken):
            service.create_reference(course, None, build_entry("book", "key1", values))


def test_an_edit_keeps_untouched_fields_as_written(app: Flask, course: int) -> None:
    with app.app_context():
        imports.import_now(course, None, _read(demo_bibtex()))
        row = queries.find_reference_by_key(course, "serre2009")
        assert row is not None
        previous = imports_entry(row.bibtex)
        from bibliography import Reference as Meaning
        from lti_app.references.entries import form_values

        values = form_values(Meaning.from_json(row.meaning))
        values["address"] = "Paris cedex"
        data = build_entry("book", row.key, values, previous)
        assert r"{Les coulisses de l'{\'E}tat social" in data.bibtex
        assert "Paris cedex" in data.bibtex


def imports_entry(text: str):  # type: ignore[no-untyped-def]
    from lti_app.references.entries import parse_stored_entry

    return parse_stored_entry(text)
