"""The demo modules: published, cited, and free of the seed's people."""

from __future__ import annotations

from flask import Flask

from lti_app.modules import queries
from lti_app.modules.demo import seed_demo_modules
from lti_app.modules.demo_content import MODULES
from lti_app.modules.render_cache import rendered_module
from lti_app.references.demo import seed_demo_bibliography


def test_demo_modules_render_with_every_citation_known(
    app: Flask, make_course: object
) -> None:
    course = make_course()  # type: ignore[operator]
    with app.app_context():
        seed_demo_bibliography(course)
        assert seed_demo_modules(course) == 3
        assert seed_demo_modules(course) == 0
        modules = queries.list_modules(course, staff=False)
        assert [m.title for m in modules] == [title for title, _ in MODULES]
        cited = ""
        for module in modules:
            rendered = rendered_module(module, "fr")
            assert rendered.unknown == ()
            cited += rendered.bibliography.markup
        for key in ("morel2020", "lipsky1980", "serre2009", "lyet2008", "damon2002",
                    "dumont2012", "rouzeau2018", "spire2005", "warin2002",
                    "biland2019"):  # fmt: skip
            assert f'id="ref-{key}"' in cited


def test_demo_text_names_no_real_person() -> None:
    text = " ".join(body for _, body in MODULES).lower()
    for name in ("famechon", "moalic", "univ-rennes2", "@univ", "kerrouche"):
        assert name not in text
