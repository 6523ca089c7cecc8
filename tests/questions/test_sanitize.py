"""Nothing typed in a question, an answer or a follow-up can run in a reader's browser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from lti_app.questions.rendering import render
from tests.modules.test_sanitize import CORPUS, _assert_inert
from tests.questions.conftest import Browser, ask_as

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("evil", CORPUS)
def test_rendering_neutralises(evil: str) -> None:
    html = render(f"# T {evil}\n\n{evil}\n\n- {evil}").markup
    _assert_inert(html)
    assert "<img" not in html  # no image at all in questions: nothing fetched


def test_markdown_is_kept() -> None:
    html = render("# Titre\n\n**gras** [lien](https://example.org)").markup
    assert "<h3>Titre</h3>" in html
    assert "<strong>gras</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer"' in html


def _main(page: str) -> str:
    return page.split('<main id="main"', 1)[1]


class _Tags(HTMLParser):
    """Every tag and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _inert_page(page: str) -> None:
    parser = _Tags()
    parser.feed(_main(page))
    for tag, attrs in parser.tags:
        assert tag not in {"script", "img", "svg", "iframe", "style"}, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            assert not (value or "").strip().lower().startswith("javascript:"), tag


@pytest.mark.parametrize("evil", CORPUS)
def test_every_page_escapes_title_body_answer_and_comment(
    student: Browser, classmate: Browser, staff: Browser, evil: str
) -> None:
    qid = ask_as(
        student, f"Titre {evil}"[:200], f"## {evil}\n\n{evil}", visibility="class"
    )
    staff.post(f"/questions/{qid}/answers", {"body": evil})
    classmate.post(f"/questions/{qid}/comments", {"body": evil})
    staff.post(f"/questions/{qid}/faq", {"title": f"FAQ {evil}"[:200], "body": evil})
    answer_edit = staff.get(f"/questions/{qid}/answers/1/edit")
    staff.post(f"/questions/{qid}/answers/1/edit", {"body": f"v2 {evil}"})
    pages = [
        staff.get("/questions/inbox"), staff.get(f"/questions/{qid}"), answer_edit,
        staff.get(f"/questions/{qid}/answers/1/history"),
        student.get("/questions/"), student.get(f"/questions/{qid}"),
        classmate.get("/questions/class"), classmate.get(f"/questions/{qid}"),
        classmate.get("/questions/faq"), classmate.get("/questions/class?q=Titre"),
    ]  # fmt: skip
    for page in pages:
        assert page.status_code == 200, page.text[:500]
        _inert_page(page.text)


def test_the_only_safe_filter_is_fed_by_the_sanitiser() -> None:
    found = [
        (path.name, line.strip())
        for path in (TEMPLATES / "questions").rglob("*.html")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "|safe" in line or "Markup" in line
    ]
    assert found == [
        (
            "_macros.html",
            "{% macro sanitised(fragment) %}{% if fragment %}"
            "{{ fragment.markup|safe }}{% endif %}{% endmacro %}",
        )
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Le titre est obligatoire."),
        ("title", "x" * 201, "200 caractères au plus."),
        ("body", "", "Le texte est obligatoire."),
        ("body", "x" * 10_001, "10000 caractères au plus."),
        ("category", "inconnue", "N&#39;est pas un choix valide."),
        ("visibility", "public", "N&#39;est pas un choix valide."),
        ("about", "module:999", "N&#39;est pas un choix valide."),
    ],
)
def test_bad_input_is_a_precise_422(student: Browser, field: str, value: str,
                                    message: str) -> None:  # fmt: skip
    data = {"title": "T", "body": "B", "category": "cours", "visibility": "private",
            field: value}  # fmt: skip
    response = student.post("/questions/new", data)
    assert response.status_code == 422
    assert message in response.text
