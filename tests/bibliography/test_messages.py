"""Error codes and their French and English messages."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import bibliography
from bibliography import errors
from bibliography.messages import TEMPLATES, render_message

SOURCE = Path(bibliography.__file__).parent
_USED = re.compile(r'Problem\(\s*"([a-z-]+)"')


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_problem_code_has_both_languages() -> None:
    used = {m for path in SOURCE.glob("*.py") for m in _USED.findall(path.read_text())}
    assert used >= {"duplicate-key", "duplicate-field", "missing-field", "syntax"}
    assert used | {"unbalanced-braces", "entry-too-large"} <= set(TEMPLATES["fr"])
    assert set(TEMPLATES["fr"]) == set(TEMPLATES["en"])
    for code, template in TEMPLATES["fr"].items():
        assert _placeholders(template) == _placeholders(TEMPLATES["en"][code]), code


@pytest.mark.parametrize(
    "error_class",
    [cls for cls in vars(errors).values()
     if isinstance(cls, type) and issubclass(cls, errors.BibliographyError)],
)  # fmt: skip
def test_every_error_has_a_message(error_class: type[errors.BibliographyError]) -> None:
    assert error_class.code in TEMPLATES["fr"]
    assert error_class.code in TEMPLATES["en"]


def test_messages_default_to_french_and_keep_braces_in_values() -> None:
    problem = errors.Problem("duplicate-field", 3, "k{1}", {"field": "title"})
    assert problem.message() == (
        "Champ « title » en double dans « k{1} » ; la première valeur est conservée."
    )
    assert problem.message("en").startswith("Duplicate field 'title'")
    assert render_message("unknown-code", {}, "de") == "Erreur de bibliographie."


def test_error_codes_are_distinct() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type)]
    codes = [c.code for c in classes if issubclass(c, errors.BibliographyError)]
    assert len(codes) == len(set(codes))
