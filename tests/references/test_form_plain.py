"""The reference form in plain words: type names, labels, keys made, type changes."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask

from bibliography.entrytypes import REQUIRED
from lti_app.references import queries
from tests.references.conftest import Browser, Person, course_id_of
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LTI

NB = "\u00a0"
LIPSKY = {"entry_type": "book", "f_author": "Lipsky, Michael",
          "f_title": "Street-Level Bureaucracy", "f_publisher": "Russell Sage",
          "f_year": "1980"}  # fmt: skip


def _keys(app: Flask) -> list[str]:
    with app.app_context():
        return sorted(r.key for r in queries.list_references(course_id_of(app)))


def _options(page: str) -> dict[str, str]:
    select = page[page.index('id="entry_type" name="entry_type"') :]
    select = select[: select.index("</select>")]
    return dict(re.findall(r'<option (?:selected )?value="([a-z]+)">([^<]*)<', select))


def test_every_type_is_offered_by_its_usual_name(staff: Browser) -> None:
    options = _options(staff.get("/references/new").text)
    assert set(options) == set(REQUIRED)
    assert not [label for label in options.values() if "@" in label or not label]
    assert len(set(options.values())) == len(options)  # no two alike
    for usual in ("Livre", "Chapitre d’ouvrage", "Article de revue", "Rapport",
                  "Thèse de doctorat", "Texte juridique (loi, décret…)", "Page web",
                  "Jeu de données"):  # fmt: skip
        assert usual in options.values()


def test_missing_groups_are_said_in_plain_words(staff: Browser) -> None:
    refused = staff.post("/references/new", {"entry_type": "book",
                                             "f_title": "Sans personne"})  # fmt: skip
    assert refused.status_code == 422
    text = refused.text
    assert f"Obligatoire pour ce type{NB}: Au moins un auteur ou un éditeur " in text
    assert f"Obligatoire pour ce type{NB}: L’année ou la date de publication." in text
    assert "author, editor" not in text
    assert "year, date" not in text
    assert "Une personne par ligne, nom puis prénom, ex. Lipsky, Michael." in text


def test_key_is_made_from_name_and_year_unique_in_course(
    app: Flask, staff: Browser
) -> None:
    for _ in range(3):
        assert staff.post("/references/new", LIPSKY).status_code == 303
    levi = {**LIPSKY, "f_author": "Lévi-Strauss, Claude", "f_year": "1955"}
    assert staff.post("/references/new", levi).status_code == 303
    assert _keys(app) == ["levistrauss1955", "lipsky1980", "lipsky1980a",
                          "lipsky1980b"]  # fmt: skip
    chosen = staff.post("/references/new", {**LIPSKY, "key": "street"})
    assert chosen.status_code == 303
    assert "street" in _keys(app)


def test_changing_type_keeps_what_was_typed(staff: Browser) -> None:
    typed = {**LIPSKY, "entry_type": "incollection", "f_subtitle": "Dilemmas",
             "change_type": "1"}  # fmt: skip
    page = staff.post("/references/new", typed)
    assert page.status_code == 200
    text = page.text
    assert '<option selected value="incollection">Chapitre d’ouvrage</option>' in text
    assert 'name="f_booktitle"' in text
    for name, value in typed.items():
        if name.startswith("f_"):
            assert re.search(rf'name="{name}"[^>]*>\r?\n?{value}<|name="{name}"[^>]*'
                             rf'value="{value}"', text), name  # fmt: skip
    assert "Obligatoire pour ce type" not in text  # not validated yet


def test_subtitle_stored_and_rendered(
    app: Flask, person: Person, launcher: Launcher
) -> None:
    dubois = {"entry_type": "book", "f_author": "Dubois, Vincent",
              "f_title": "La vie au guichet",
              "f_subtitle": "relation administrative et traitement de la misère",
              "f_publisher": "Economica", "f_year": "2010"}  # fmt: skip
    staff = person("3", INSTRUCTOR_ROLES)
    created = staff.post("/references/new", dubois)
    assert created.status_code == 303
    shown = unescape(staff.get(created.location.split("?")[0]).text)
    assert f"La vie au guichet{NB}: relation administrative et traitement" in shown
    assert "<dt>Sous-titre</dt><dd>relation administrative et" in shown
    ltik = launcher.launch_token(sub="3", name="Personne 3", **{
        LTI + "roles": INSTRUCTOR_ROLES, LTI + "launch_presentation": {"locale": "en"},
        LTI + "context": {"id": "2", "title": "Cours 2", "type": ["CourseSection"]},
    })  # fmt: skip
    english = Browser(app, app.test_client(use_cookies=False), ltik)
    shown = unescape(english.get(created.location.split("?")[0]).text)
    assert "La vie au guichet: relation administrative et traitement" in shown
    form = english.post("/references/new", {"entry_type": "book"}).text
    assert '<option value="incollection">Book chapter</option>' in form
    assert "Required for this type: At least one author or editor." in form
    assert "Advanced: citation key" in form
