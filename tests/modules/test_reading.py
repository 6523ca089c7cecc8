"""Reading: order, previous/next, table of contents, marks and staff figures."""

from __future__ import annotations

import re

from tests.modules.conftest import Browser, MakeModule, Person
from tests.support.platform import LEARNER_ROLES


def _order(page: str) -> list[str]:
    return re.findall(r'<li id="module-\d+">\s*<a href="[^"]+">([^<]+)</a>', page)


def test_reorder_with_buttons(
    staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    one, two, three = (make_module(t) for t in ("Un", "Deux", "Trois"))
    assert _order(student.get("/modules/").text) == ["Un", "Deux", "Trois"]
    response = staff.post(f"/modules/{three}/move", {"direction": "up"})
    assert response.status_code == 303
    assert response.location.split("#")[1] == f"module-{three}"
    staff.post(f"/modules/{one}/move", {"direction": "down"})
    assert _order(staff.get("/modules/").text) == ["Trois", "Un", "Deux"]
    staff.post(f"/modules/{three}/move", {"direction": "up"})  # already first
    staff.post(f"/modules/{two}/move", {"direction": "down"})  # already last
    assert _order(student.get("/modules/").text) == ["Trois", "Un", "Deux"]
    page = staff.get("/modules/").text
    assert 'aria-label="Monter « Un »"' in page
    assert 'aria-label="Monter « Trois »"' not in page


def test_previous_next_and_toc(student: Browser, make_module: MakeModule) -> None:
    first = make_module("Premier")
    middle = make_module("Milieu", "# Partie un\n\n## Détail\n\n# Partie un\n")
    make_module("Brouillon", publish=False)
    last = make_module("Dernier")
    page = student.get(f"/modules/{middle}").text
    assert f'rel="prev" href="/modules/{first}?' in page
    assert f'rel="next" href="/modules/{last}?' in page
    assert '<h1 id="h-partie-un">' in page
    assert '<h2 id="h-detail">' in page
    assert '<h1 id="h-partie-un-2">' in page
    assert '<a href="#h-detail">Détail</a>' in page


def test_mark_read_without_js_and_staff_figures(
    staff: Browser, student: Browser, person: Person, make_module: MakeModule
) -> None:
    mid = make_module("Lire")
    other = person("6", LEARNER_ROLES)
    assert "Marquer comme lu" in student.get(f"/modules/{mid}").text
    other.get(f"/modules/{mid}")
    response = student.post(f"/modules/{mid}/read", {"done": "1"})
    assert response.status_code == 303
    assert response.location.endswith("#read")
    assert "Vous avez marqué ce module comme lu." in student.get(f"/modules/{mid}").text
    assert '<span class="badge">lu</span>' in student.get("/modules/").text
    figures = staff.get("/modules/").text
    assert "2 étudiant·es l'ont ouvert, 1 l'ont marqué lu" in figures
    student.post(f"/modules/{mid}/read", {"done": "0"})
    assert "Marquer comme lu" in student.get(f"/modules/{mid}").text
    assert (
        "2 étudiant·es l'ont ouvert, 0 l'ont marqué lu" in staff.get("/modules/").text
    )


def test_staff_opening_is_not_counted(staff: Browser, make_module: MakeModule) -> None:
    mid = make_module("Vu par l'équipe")
    staff.get(f"/modules/{mid}")
    assert "0 étudiant·es l'ont ouvert" in staff.get("/modules/").text


def test_print_stylesheet_hides_chrome() -> None:
    from pathlib import Path

    css = (
        Path(__file__).resolve().parents[2] / "lti_app/static/cartable.css"
    ).read_text()
    printed = css.split("@media print", 1)[1]
    assert ".read-mark" in printed
    assert ".site-header" in printed
