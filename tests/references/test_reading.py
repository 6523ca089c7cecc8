"""The students' reading list: sections, entries, search, downloads, private marks."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from lti_app.references import queries, service
from lti_app.references.models import ReadingMark
from tests.references.conftest import Browser, Person, course_id_of, pending_id
from tests.support.platform import LEARNER_ROLES

BIB = """@book{lipsky1980,
  author = {Lipsky, Michael},
  title = {Street-Level Bureaucracy},
  publisher = {Russell Sage Foundation},
  year = {1980},
  url = {https://www.russellsage.org/lipsky},
}
@article{damon2002,
  author = {Damon, Julien},
  title = {La dictature du partenariat},
  journal = {Futuribles},
  year = {2002},
  doi = {10.1234/abc},
}
@misc{hidden2020,
  author = {Caché, Paul},
  title = {Pas dans la liste},
  year = {2020},
  url = {javascript:alert(1)},
}
@misc{trap2021,
  author = {Piège, Léa},
  title = {Lien piégé},
  year = {2021},
  url = {javascript:alert(1)},
}
"""


def import_bib(staff: Browser, text: str) -> None:
    """Paste BibTeX as staff and confirm the import."""
    pid = pending_id(staff.post("/references/add/paste", {"text": text}))
    done = staff.post(f"/references/imports/{pid}", {"decision": "confirm"})
    assert done.status_code == 303, done.text


def place(app: Flask, title: str, *keys: tuple[str, str, str]) -> int:
    """A section holding (key, importance, note) items; returns its id."""
    with app.app_context():
        course = course_id_of(app)
        section = service.create_section(course, title, f"Présentation de {title}")
        for key, importance, note in keys:
            row = queries.find_reference_by_key(course, key)
            assert row is not None
            service.add_item(section, row, importance, note)
        return section.id


def ref_id(app: Flask, key: str, context_id: str = "2") -> int:
    with app.app_context():
        row = queries.find_reference_by_key(course_id_of(app, context_id), key)
        assert row is not None
        return row.id


@pytest.fixture
def sections(app: Flask, staff: Browser) -> tuple[int, int]:
    import_bib(staff, BIB)
    first = place(app, "Séance 1", ("lipsky1980", "essential", "Chapitres 1 à 3."),
                  ("trap2021", "further", ""))  # fmt: skip
    second = place(app, "Séance 2", ("damon2002", "recommended", "Court et vif."))
    return first, second


def test_the_reading_list_in_order_with_importance_notes_and_links(
    student: Browser, sections: tuple[int, int]
) -> None:
    page = student.get("/references/reading")
    assert page.status_code == 200
    text = page.text
    assert text.index("Séance 1") < text.index("Séance 2")
    assert text.index("Street-Level Bureaucracy") < text.index("Lien piégé")
    assert "Importance : <strong>essentiel</strong>" in text
    assert "pour aller plus loin" in text
    assert "recommandé" in text
    assert "Chapitres 1 à 3." in text
    assert 'class="csl-entry"' in text  # rendered in the course style
    assert 'href="https://doi.org/10.1234/abc"' in text
    assert 'href="https://www.russellsage.org/lipsky"' in text
    assert 'href="javascript:' not in text  # only http(s) links
    assert "Pas dans la liste" not in text  # not placed: not shown
    assert ">Copier la citation</button>" in text
    # The copy button copies the entry's text, selectable as it is without JS.
    entry = re.search(r'data-copy="(entry-\d+)"', text)
    assert entry is not None
    assert re.search(rf'<div id="{entry[1]}">\s*<div class="csl-entry">Lipsky', text)


def test_a_section_page_shows_only_that_section(
    student: Browser, sections: tuple[int, int]
) -> None:
    _first, second = sections
    page = student.get(f"/references/reading/sections/{second}").text
    assert "Séance 2" in page
    assert "La dictature du partenariat" in page
    assert "Street-Level Bureaucracy" not in page
    assert student.get("/references/reading/sections/9999").status_code == 404


@pytest.mark.parametrize(
    ("q", "found", "absent"),
    [
        ("lipsky", "Street-Level", "dictature"),
        ("DICTATURE", "dictature", "Street-Level"),
        ("2002", "dictature", "Street-Level"),
        ("piege", "Lien piégé", "dictature"),  # accents folded
        ("caché", None, "Pas dans la liste"),  # not in the reading list
    ],
)
def test_search_by_title_author_year(
    student: Browser, sections: tuple[int, int], q: str, found: str | None,
    absent: str,
) -> None:  # fmt: skip
    page = student.get(f"/references/reading?q={q}")
    assert page.status_code == 200
    if found:
        assert found in page.text
    assert absent not in page.text


def test_downloads_of_the_list_and_of_a_section(
    student: Browser, sections: tuple[int, int]
) -> None:
    first, _second = sections
    whole = student.get("/references/reading/export?format=bibtex")
    assert whole.status_code == 200
    assert whole.headers["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert whole.headers["Content-Disposition"] == "attachment; filename=cours-2.bib"
    assert whole.text.count("@") == 3
    assert "hidden2020" not in whole.text
    part = student.get(f"/references/reading/export?format=ris&section={first}")
    assert part.headers["Content-Disposition"].endswith("cours-2-seance-1.ris")
    assert part.text.count("ER  -") == 2
    assert student.get("/references/reading/export?format=docx").status_code == 400
    assert (
        student.get("/references/reading/export?format=ris&section=999").status_code
        == 404
    )


def _mark(who: Browser, reference: int, status: str, **extra: str) -> int:
    return who.post(
        f"/references/reading/{reference}/mark", {"status": status, **extra}
    ).status_code


def _mark_ids(app: Flask, sub_user: int | None = None) -> dict[int, str]:
    from lti_app.extensions import db

    with app.app_context():
        return {m.id: m.status for m in db.session.query(ReadingMark).all()}


def test_marks_are_private_and_work_without_javascript(
    app: Flask, student: Browser, person: Person, sections: tuple[int, int]
) -> None:
    other = person("5", LEARNER_ROLES)
    lipsky = ref_id(app, "lipsky1980")
    assert _mark(student, lipsky, "read", back=str(sections[0]),
                 anchor="item-1") == 303  # fmt: skip
    mine = student.get("/references/reading").text
    assert "Votre suivi : <strong>lu</strong>" in mine
    assert "Votre suivi : 1 lue(s) sur 3 référence(s)." in mine
    theirs = other.get("/references/reading").text
    assert "Votre suivi : <strong>lu</strong>" not in theirs
    [(mark_id, status)] = _mark_ids(app).items()
    assert status == "read"
    # B forges a POST on A's mark: 404, and A's mark is unchanged.
    assert (
        other.post(f"/references/marks/{mark_id}", {"status": "none"}).status_code
        == 404
    )
    assert (
        other.post(f"/references/marks/{mark_id}", {"status": "to-read"}).status_code
        == 404
    )
    assert _mark_ids(app) == {mark_id: "read"}
    # B marks the same reference: a mark of B's own.
    assert _mark(other, lipsky, "to-read") == 303
    assert sorted(_mark_ids(app).values()) == ["read", "to-read"]
    # A changes then forgets their own mark through its id.
    assert (
        student.post(f"/references/marks/{mark_id}", {"status": "to-read"}).status_code
        == 303
    )
    assert (
        student.post(f"/references/marks/{mark_id}", {"status": "none"}).status_code
        == 303
    )
    assert sorted(_mark_ids(app).values()) == ["to-read"]


def test_marks_need_a_placed_reference_of_the_course_and_csrf(
    app: Flask, student: Browser, staff: Browser, person: Person,
    sections: tuple[int, int],
) -> None:  # fmt: skip
    assert _mark(student, ref_id(app, "hidden2020"), "read") == 404  # not placed
    assert _mark(student, 999_999, "read") == 404
    lipsky = ref_id(app, "lipsky1980")
    assert _mark(student, lipsky, "bogus") == 400
    refused = student.post(f"/references/reading/{lipsky}/mark", {"status": "read"},
                           csrf=False)  # fmt: skip
    assert refused.status_code == 400
    elsewhere = person("4", LEARNER_ROLES, context_id="99")
    assert _mark(elsewhere, lipsky, "read") == 404  # another course's reference
    assert (
        elsewhere.get(f"/references/reading/sections/{sections[0]}").status_code == 404
    )
    assert _mark_ids(app) == {}


def test_staff_see_the_student_view(staff: Browser, sections: tuple[int, int]) -> None:
    page = staff.get("/references/reading")
    assert page.status_code == 200
    assert "Vue étudiant·e" in page.text
    assert "Street-Level Bureaucracy" in page.text
    assert "/references/reading" in staff.get("/references/").text  # the link


def test_the_course_home_links_to_the_reading_list(student: Browser) -> None:
    home = student.get("/course/")
    assert "/references/reading?" in home.text
    assert "/references/suggestions?" in home.text


def test_deleted_references_leave_the_reading_list(
    app: Flask, staff: Browser, student: Browser, sections: tuple[int, int]
) -> None:
    assert (
        staff.post(f"/references/{ref_id(app, 'lipsky1980')}/delete").status_code == 303
    )
    page = student.get("/references/reading").text
    assert "Street-Level Bureaucracy" not in page
    assert _mark(student, ref_id(app, "lipsky1980"), "read") == 404
