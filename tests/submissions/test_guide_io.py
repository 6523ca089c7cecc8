"""A guide survives its own export: JSON and CSV read back to the same criteria,
whatever the text (formula-like cells, quotes, line breaks, accents)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lti_app.submissions.guide_io import guide_csv, guide_json, read_guide
from lti_app.submissions.guide_service import (
    MAX_LEVELS,
    CriterionInput,
    Level,
    check_guide,
    total_of,
)

_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="|")
_LINE = st.text(_CHARS, min_size=1, max_size=30).map(str.strip).filter(bool)
_TEXT = st.lists(st.text(_CHARS, max_size=20), max_size=3).map("\n".join)
_PREFIXED = st.sampled_from(["", "=", "+", "-", "@", "'", "''", "'="])


@st.composite
def criteria(draw: st.DrawFn) -> CriterionInput:
    top = draw(st.integers(1, 4000)) / 4
    title = draw(_PREFIXED) + draw(_LINE)
    level_points = draw(st.lists(st.integers(0, int(top * 4) - 1), unique=True,
                                 max_size=MAX_LEVELS - 1))  # fmt: skip
    levels = tuple(
        Level(draw(_PREFIXED) + draw(_LINE), points, draw(_LINE))
        for points in sorted({top, *(p / 4 for p in level_points)}, reverse=True)
    ) if draw(st.booleans()) else ()  # fmt: skip
    return CriterionInput(title=title.strip() or "x", max_points=top,
                          student_text=draw(_PREFIXED) + draw(_TEXT),
                          marker_text=draw(_TEXT), levels=levels)  # fmt: skip


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(criteria(), min_size=1, max_size=6))
def test_export_then_import_gives_the_same_guide(items: list[CriterionInput]) -> None:
    points = total_of([i.max_points for i in items])
    check_guide(items, points)
    as_json = read_guide(guide_json("Devoir", points, items).encode())
    as_csv = read_guide(guide_csv(items).encode("utf-8"))
    assert as_json == items
    assert as_csv == items
