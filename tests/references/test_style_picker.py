"""The style picker: styles by name, a description, a preview on the course's entries."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask

from lti_app.references import queries
from tests.references.conftest import Browser, course_id_of, pending_id
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LTI

NB = "\u00a0"
COURSE_BIB = r"""
@collection{roe2001, editor={Roe, Rachel and Poe, Paul}, title={Un livre collectif},
  publisher={PUF}, year=2001}
@article{damon2002, author={Damon, Julien and Lipsky, Michael},
  title={La dictature du partenariat}, journal={Futuribles}, year=2002}
@book{dubois2010, author={Dubois, Vincent}, title={La vie au guichet},
  subtitle={relation administrative et traitement de la mis{\`e}re},
  publisher={Economica}, year=2010}
"""


def _import(staff: Browser, text: str) -> None:
    pid = pending_id(staff.post("/references/add/paste", {"text": text}))
    assert (
        staff.post(f"/references/imports/{pid}", {"decision": "confirm"}).status_code
        == 303
    )


def _option(page: str, style: str) -> str:
    start = page.index(f'id="style-{style}"')
    return unescape(page[start : page.index('class="style-option"', start)])


def test_styles_by_name_with_description_and_preview(staff: Browser) -> None:
    _import(staff, COURSE_BIB)
    page = staff.get("/references/style").text
    assert "iso690-author-date-fr-no-abstract</" not in page  # no bare id shown
    french = _option(page, "apa-fr-adapted")
    assert "APA 7e édition, adaptation française" in french
    assert f"«{NB}(dir.){NB}» pour les ouvrages collectifs" in french
    assert (
        "Roe, R. et Poe, P. (dir.). (2001). <i>Un livre collectif</i>. PUF." in french
    )
    assert "Damon, J. et Lipsky, M. (2002). La dictature du partenariat." in french
    assert f"<i>La vie au guichet{NB}: relation administrative" in french
    apa = _option(page, "apa")
    assert "Damon, J., & Lipsky, M. (2002)" in apa
    iso = _option(page, "iso690-author-date-fr-no-abstract")
    assert "DUBOIS, Vincent, 2010." in iso
    chicago = _option(page, "chicago-author-date-fr")
    assert "Dubois, Vincent. 2010." in chicago
    assert re.search(r'id="style-apa" value="apa"[^>]*checked', page)


def test_samples_when_the_course_has_few_references(staff: Browser) -> None:
    page = unescape(staff.get("/references/style").text)
    assert f"La vie au guichet{NB}: relation administrative" in page
    assert "Dans R. Roe et P. Poe (dir.), <i>Public administration</i>" in page


def test_choosing_the_french_apa(app: Flask, staff: Browser) -> None:
    chosen = staff.post("/references/style", {"style": "apa-fr-adapted"})
    assert chosen.status_code == 303
    with app.app_context():
        assert queries.effective_style(course_id_of(app)) == "apa-fr-adapted"
    page = staff.get("/references/style").text
    current = r"Style actuel\s: APA 7e édition, adaptation française\."
    assert re.search(current, unescape(page))
    assert re.search(r'id="style-apa-fr-adapted" value="apa-fr-adapted"[^>]*checked',
                     page)  # fmt: skip
    missing = staff.post("/references/style", {})
    assert missing.status_code == 422
    assert "Choisir un style." in missing.text


def test_english_titles_and_previews(app: Flask, launcher: Launcher) -> None:
    ltik = launcher.launch_token(sub="3", name="Personne 3", **{
        LTI + "roles": INSTRUCTOR_ROLES, LTI + "launch_presentation": {"locale": "en"},
        LTI + "context": {"id": "2", "title": "Cours 2", "type": ["CourseSection"]},
    })  # fmt: skip
    english = Browser(app, app.test_client(use_cookies=False), ltik)
    page = unescape(english.get("/references/style").text)
    assert "APA 7th edition, French adaptation" in page
    assert "ISO 690, author-date" in page
    assert "La vie au guichet: relation administrative" in page
