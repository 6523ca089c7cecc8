"""Nothing a module's author types can run in a reader's browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lti_app.modules.rendering import render_module
from lti_app.modules.sanitize import clean
from tests.modules.conftest import Browser, MakeModule

CORPUS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '<p style="background:url(javascript:alert(1))">s</p>',
    "<!-- <script>alert(1)</script> -->",
    "<scr<script>ipt>alert(1)</script>",
    '<a href="x" onmouseover="alert(1)"',
    "<iframe src=javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "[@key<script>alert(1)</script>]",
    "[@lipsky1980, p. <img src=x onerror=alert(1)>]",
]
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<svg" not in lowered
    assert "<iframe" not in lowered
    assert "<img" not in lowered or 'src="x"' not in lowered or "onerror" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered)
    assert not re.search(r"<[^>]*style\s*=", lowered)
    assert "javascript:" not in re.sub(r">[^<]*<", "><", lowered)
    assert "<!--" not in lowered


@pytest.mark.parametrize("evil", CORPUS)
def test_render_neutralises(evil: str) -> None:
    rendered = render_module(f"# T {evil}\n\n{evil}\n\n- {evil}", [], "apa", "fr")
    for part in (rendered.html, rendered.student_html, rendered.bibliography):
        _assert_inert(part.markup)


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)" onclick="x">a</a>',
        '<svg><script>alert(1)</script></svg><p style="color:red">p</p>',
        "<div><!-- c --><img src=x onerror=alert(1)></div>",
    ],
)
def test_sanitiser_allow_list(html: str) -> None:
    _assert_inert(clean(html).markup)


def test_sanitiser_keeps_citation_links() -> None:
    kept = '<span class="citation" data-cites="a"><a href="#ref-a">A</a></span>'
    assert 'href="#ref-a"' in clean(kept).markup
    assert 'class="citation"' in clean(kept).markup


@pytest.mark.parametrize("evil", CORPUS)
def test_pages_escape_title_and_body(
    staff: Browser, student: Browser, make_module: MakeModule, evil: str
) -> None:
    mid = make_module(f"Titre {evil}", f"## {evil}\n\n{evil}")
    pages = [
        staff.get(f"/modules/{mid}").text,
        staff.get("/modules/").text,
        staff.get(f"/modules/{mid}/edit").text,
        student.get(f"/modules/{mid}").text,
        student.get("/modules/").text,
    ]
    for page in pages:
        main = page.split('<main id="main"', 1)[1]
        assert "<script>alert" not in main
        assert not re.search(r"<(img|svg|iframe)[^>]*on\w+=", main, re.I)
        assert not re.search(r"<a\s[^>]*href=\"javascript:", main, re.I)


def test_only_one_safe_filter_fed_by_the_sanitiser() -> None:
    found = [
        (path.relative_to(TEMPLATES), line.strip())
        for path in (TEMPLATES / "modules").rglob("*.html")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "|safe" in line or "Markup" in line
    ]
    assert found == [
        (
            Path("modules/_macros.html"),
            "{% macro sanitised(fragment) %}{% if fragment %}"
            "{{ fragment.markup|safe }}{% endif %}{% endmacro %}",
        )
    ]
    source = (TEMPLATES.parent / "lti_app" / "modules").rglob("*.py")
    constructed = [p.name for p in source if "Sanitised(" in p.read_text("utf-8")]
    # Built by clean() (through lti_app.markup) and read back from the cache that
    # clean() filled, only.
    assert sorted(constructed) == ["render_cache.py"]
    assert "Sanitised(" in (TEMPLATES.parent / "lti_app" / "markup.py").read_text(
        "utf-8"
    )
