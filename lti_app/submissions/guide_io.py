"""A marking guide as a small JSON or CSV file, both ways.

Imported files come from anywhere: size, types, counts and lengths are checked
before anything is built, and every refusal is a precise 4xx error. Levels are
written one per line, ``points | title | description``, in the editor and in the
CSV's ``levels`` cell alike.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from lti_app.submissions.guide_errors import (
    CriterionFieldError,
    GuideCountError,
    GuideFormatError,
    GuideSizeError,
    LevelsError,
)
from lti_app.submissions.guide_service import (
    MAX_CRITERIA,
    MAX_LEVELS,
    MAX_TEXT,
    CriterionInput,
    Level,
)

MAX_FILE = 64 * 1024
FORMAT = "cartable-marking-guide"
COLUMNS = ("title", "student_description", "marker_description", "max_points",
           "levels")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def parse_number(value: object) -> float | None:
    """A finite number from JSON or text (comma or point); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    if not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def parse_levels(text: str, number: int) -> tuple[Level, ...]:
    """``points | title | description`` lines (blank lines skipped)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LEVELS:
        raise LevelsError(number, MAX_LEVELS)
    levels = []
    for line in lines:
        parts = [p.strip() for p in line.split("|", 2)]
        points = parse_number(parts[0])
        if points is None or len(parts) < 2 or not parts[1]:
            raise LevelsError(number, MAX_LEVELS)
        levels.append(Level(parts[1], points, parts[2] if len(parts) > 2 else ""))
    return tuple(levels)


def levels_text(levels: tuple[Level, ...]) -> str:
    """Levels back as editor lines."""
    return "\n".join(
        " | ".join(p for p in (f"{lv.points:g}", lv.title, lv.description) if p)
        for lv in levels
    )


def _text(raw: dict[str, Any], key: str, number: int, required: bool = False) -> str:
    value = raw.get(key, "")
    if value is None:
        value = ""
    if (
        not isinstance(value, str)
        or len(value) > MAX_TEXT
        or (required and not value.strip())
    ):
        raise CriterionFieldError(number, key)
    return value


def _json_levels(value: object, number: int) -> tuple[Level, ...]:
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        return parse_levels(value, number)
    if not isinstance(value, list) or len(value) > MAX_LEVELS:
        raise LevelsError(number, MAX_LEVELS)
    levels = []
    for item in value:
        points = parse_number(item.get("points")) if isinstance(item, dict) else None
        if points is None:
            raise LevelsError(number, MAX_LEVELS)
        levels.append(Level(_text(item, "title", number, True), points,
                            _text(item, "description", number)))  # fmt: skip
    return tuple(levels)


def criterion_from(raw: object, number: int) -> CriterionInput:
    """One criterion of an imported file, its types checked."""
    if not isinstance(raw, dict):
        raise CriterionFieldError(number, "criteria")
    points = parse_number(raw.get("max_points"))
    if points is None:
        raise CriterionFieldError(number, "max_points")
    return CriterionInput(
        title=_text(raw, "title", number, True), max_points=points,
        student_text=_text(raw, "student_description", number),
        marker_text=_text(raw, "marker_description", number),
        levels=_json_levels(raw.get("levels"), number),
    )  # fmt: skip


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE:
        raise GuideSizeError(MAX_FILE)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GuideFormatError() from error


def _from_json(text: str) -> list[object]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise GuideFormatError() from error
    items = document.get("criteria") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise GuideFormatError()
    return items


def _from_csv(text: str) -> list[object]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames is None or "title" not in reader.fieldnames:
            raise GuideFormatError()
        rows: list[object] = []
        for row in reader:
            if len(rows) > MAX_CRITERIA:
                break
            rows.append({key: _unquote(value) for key, value in row.items() if key})
    except csv.Error as error:
        raise GuideFormatError() from error
    return rows


def _unquote(value: str | list[str] | None) -> str:
    """Undo :func:`_cell` (a hand-written ``'text`` stays as it is)."""
    text = value if isinstance(value, str) else ""
    quoted = text.startswith("'") and text[1:].startswith((*_FORMULA_START, "'"))
    return text[1:] if quoted else text


def read_guide(data: bytes) -> list[CriterionInput]:
    """An uploaded guide (JSON, else CSV), or a precise error; nothing saved."""
    text = _decode(data)
    stripped = text.lstrip()
    items = _from_json(text) if stripped[:1] in ("{", "[") else _from_csv(text)
    if not 1 <= len(items) <= MAX_CRITERIA:
        raise GuideCountError(MAX_CRITERIA)
    return [criterion_from(raw, n) for n, raw in enumerate(items, start=1)]


def _exported(item: CriterionInput) -> dict[str, Any]:
    return {"title": item.title, "student_description": item.student_text,
            "marker_description": item.marker_text, "max_points": item.max_points,
            "levels": [{"title": lv.title, "points": lv.points,
                        "description": lv.description} for lv in item.levels]}  # fmt: skip


def guide_json(title: str, points: float, items: list[CriterionInput]) -> str:
    """The guide as JSON, importable again."""
    document = {"format": FORMAT, "version": 1, "assignment": title,
                "points": points, "criteria": [_exported(i) for i in items]}  # fmt: skip
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula; a leading quote is doubled
    so that the import can tell the two apart."""
    return "'" + text if text.startswith((*_FORMULA_START, "'")) else text


def guide_csv(items: list[CriterionInput]) -> str:
    """The guide as CSV (UTF-8 with a BOM when encoded), importable again."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow([_cell(item.title), _cell(item.student_text),
                         _cell(item.marker_text), f"{item.max_points:g}",
                         levels_text(item.levels)])  # fmt: skip
    return "\ufeff" + out.getvalue()
