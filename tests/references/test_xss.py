"""A title with markup is shown escaped on every page; only the CSL macro is |safe."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from lti_app.references import queries
from tests.references.conftest import Browser, course_id_of, pending_id

EVIL = "<script>alert(1)</script>"
BIB = (
    f"@book{{evil, author={{Pirate, {EVIL}}}, title={{{EVIL}}}, "
    "publisher={P}, year={2020}}\n"
)
TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "references"


def test_script_in_a_title_is_escaped_everywhere(app: Flask, staff: Browser) -> None:
    pid = pending_id(staff.post("/references/add/paste", {"text": BIB}))
    pages = [staff.get(f"/references/imports/{pid}").text]
    assert (
        staff.post(f"/references/imports/{pid}", {"decision": "confirm"}).status_code
        == 303
    )
    staff.post("/references/sections", {"title": EVIL})
    with app.app_context():
        ref = queries.list_references(course_id_of(app))[0].id
        section = queries.list_sections(course_id_of(app))[0].id
    staff.post(
        f"/references/sections/{section}/items",
        {"add-reference_id": str(ref), "add-importance": "essential", "add-note": EVIL},
    )
    for url in ("/references/", f"/references/{ref}", f"/references/{ref}/edit",
                f"/references/{ref}/delete", f"/references/{ref}/history",
                "/references/sections", f"/references/sections/{section}",
                "/references/?q=script"):  # fmt: skip
        pages.append(staff.get(url).text)
    for page in pages:
        assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[2]
    shown = pages[2].split('class="csl-entry">')[1].split("</div>")[0]
    assert "&lt;script&gt;" in shown  # the rendered entry went through the one macro


def test_safe_appears_in_one_macro_only() -> None:
    uses = {p.name: p.read_text().count("|safe") for p in TEMPLATES.glob("*.html")}
    assert {name: n for name, n in uses.items() if n} == {"_macros.html": 1}
