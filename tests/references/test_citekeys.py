"""Citation keys made from the first name and the year, unique in the course."""

from __future__ import annotations

from bibliography import Person, Reference
from lti_app.references.citekeys import make_key


def _ref(*people: Person, year: str = "1980", title: str = "") -> Reference:
    fields = (("year", year), ("title", title)) if title else (("year", year),)
    return Reference("draft", "book", fields, authors=people)


def test_family_name_particles_and_accents() -> None:
    name = Person(family="Beauvoir", given="Simone", particle="de")
    assert make_key(_ref(name, year="1949"), lambda _k: False) == "beauvoir1949"
    assert make_key(_ref(Person(family="Ōe")), lambda _k: False) == "oe1980"


def test_suffixes_run_a_to_z_then_aa() -> None:
    taken = {"lipsky1980"} | {f"lipsky1980{chr(c)}" for c in range(97, 123)}
    key = make_key(_ref(Person(family="Lipsky")), taken.__contains__)
    assert key == "lipsky1980aa"


def test_without_a_person_the_title_then_ref() -> None:
    assert make_key(_ref(title="Éducation populaire"), lambda _k: False) == (
        "education1980"
    )
    assert make_key(_ref(Person(literal="ODAS")), lambda _k: False) == "odas1980"
    assert make_key(_ref(year="s.d."), lambda _k: False) == "ref"
