"""Issue 16, row 5 and RIS: CSL-JSON and RIS readers under budgets, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bibliography import read_references
from bibliography.budgets import (
    MAX_BLOCKS,
    MAX_ENTRY_CHARS,
    MAX_JSON_DEPTH,
    MAX_JSON_VALUES,
    MAX_LINES,
    MAX_PROBLEMS,
    Deadline,
)
from bibliography.csljson import read_csljson
from bibliography.errors import (
    BibliographyError,
    JsonNumberTooLong,
    JsonTooDeep,
    JsonTooManyValues,
    TimeBudgetExceeded,
    TooManyEntries,
    TooManyLines,
)
from bibliography.ris import read_ris
from tests.bibliography.hostile import bounded, codes, laughs

YEAR_5000 = '[{"id": "a", "issued": {"date-parts": [[' + "9" * 5000 + "]]}}]"


@pytest.mark.parametrize(
    ("payload", "error", "params"),
    [
        ("[" * 100_000, JsonTooDeep, {"limit": MAX_JSON_DEPTH, "line": 1}),
        ('{"a":\n' * 70 + "1", JsonTooDeep, {"limit": MAX_JSON_DEPTH, "line": 65}),
        (YEAR_5000, JsonNumberTooLong, {"limit": 20, "line": 1}),
        ("[\n" + "-1." + "0" * 30 + "]", JsonNumberTooLong, {"limit": 20, "line": 2}),
        ("[" + "{}," * MAX_BLOCKS + "{}]", TooManyEntries, {"limit": MAX_BLOCKS}),
    ],
)
def test_json_shape_is_refused_before_parsing(
    payload: str, error: type[BibliographyError], params: dict[str, int]
) -> None:
    with pytest.raises(error) as caught:
        bounded(lambda: read_csljson(payload))
    assert caught.value.params == params
    assert caught.value.message("fr") != caught.value.message("en")


def test_json_values_are_counted_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bibliography.jsonscan.MAX_JSON_VALUES", 30_000)
    read_csljson("[" + '"a",' * 14_998 + '"a"]')  # 29,999 marks: under the limit
    with pytest.raises(JsonTooManyValues) as caught:
        bounded(lambda: read_csljson("[" + "[]," * MAX_JSON_VALUES + "[]]"))
    assert caught.value.params == {"limit": 30_000}


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"issued": {"date-parts": [["a", {}]]}}, "issued"),
        ({"issued": {"date-parts": [["9" * 5000]]}}, "issued"),
        ({"issued": {"date-parts": "2020"}}, "issued"),
        ({"issued": [2020]}, "issued"),
        ({"issued": {"date-parts": [[2020, {}]]}, "title": {"x": 1}}, "title"),
        ({"author": "Dupont"}, "author"),
        ({"author": [1, None]}, "author"),
        ({"editor": [{"family": ["a", "b"], "given": {}}]}, "editor"),
        ({"volume": True}, "volume"),
        ({"page": float("nan")}, "page"),
        ({"DOI": "\ud800"}, "DOI"),
        ({"type": []}, "type"),
    ],
)
def test_wrong_types_are_problems_on_the_item_line(
    item: dict[str, object], field: str
) -> None:
    text = (
        "[\n"
        + json.dumps({"id": "ok", "title": "T"})
        + ",\n"
        + json.dumps({"id": "bad", **item})
        + "\n]"
    )
    references, problems = bounded(lambda: read_csljson(text))
    assert [r.key for r in references] == ["ok", "bad"]
    assert ("csljson-field", 3, "bad") in codes(problems)
    assert {p.params["field"] for p in problems} == {field}


def test_items_of_the_wrong_kind_and_too_large_items_are_left_out() -> None:
    big = "x" * (MAX_ENTRY_CHARS + 1)
    text = json.dumps(
        [3, "s", {"id": "big", "abstract": big}, {"id": "fine"}], indent=1
    )
    references, problems = bounded(lambda: read_csljson(text))
    assert [r.key for r in references] == ["fine"]
    assert [(p.code, p.key) for p in problems] == [
        ("csljson-invalid", None), ("csljson-invalid", None), ("entry-too-large", "big"),
    ]  # fmt: skip
    assert [p.line for p in problems] == [2, 3, 4]


def test_ris_line_count_record_size_and_record_count() -> None:
    read_ris("\r\n" * (MAX_LINES - 1) + "x")  # exactly the limit
    for newline in ("\n", "\r", "\r\n"):
        with pytest.raises(TooManyLines):
            bounded(lambda: read_ris(newline * MAX_LINES + "x"))  # noqa: B023
    with pytest.raises(TooManyEntries):
        bounded(lambda: read_ris("TY  - JOUR\nER  - \n" * (MAX_BLOCKS + 1)))
    # Continuation lines were joined one at a time: quadratic, minutes here.
    long = "TY  - JOUR\nID  - long\nTI  - x\n" + "abcdefghij\n" * 60_000 + "ER  - \n"
    references, problems = bounded(
        lambda: read_ris(long + "TY  - BOOK\nTI  - y\nER  - \n")
    )
    assert [r.get("title") for r in references] == ["y"]
    assert codes(problems) == [("entry-too-large", 1, "long")]
    assert problems[0].params == {"limit": MAX_ENTRY_CHARS}


def test_ris_garbage_and_stray_records() -> None:
    references, problems = bounded(lambda: read_ris("x\n" * 500_000))
    assert references == []
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].code == "too-many-problems"
    references, problems = read_ris(
        "AU  - a\nTY  - JOUR\nTI  - Un\nTY  - BOOK\nTI  - Deux\nER  -\n"
    )
    assert [r.get("title") for r in references] == ["Un", "Deux"]
    assert [(p.code, p.line) for p in problems] == [("ris-unterminated", 2)]


def test_ris_and_json_readers_stop_at_their_deadline() -> None:
    with pytest.raises(TimeBudgetExceeded):
        read_ris("TY  - JOUR\nTI  - x\n" * 1000, Deadline(0))
    with pytest.raises(TimeBudgetExceeded):
        read_csljson(json.dumps([{"id": str(n)} for n in range(1000)]), Deadline(0))


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibliography", "check", str(path)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "payload", "status", "message"),
    [
        ("laughs.bib", laughs(29), 1, ":30: [expansion-too-large] Entrée « k »"),
        ("laughs40.bib", laughs(40), 1, ":41: [expansion-too-large]"),
        ("href.bib", r"@misc{k, title={\href{http://a}{click}}, year=2020}", 0, ""),
        ("deep.json", "[" * 100_000, 2, "JSON trop imbriqué ligne 1"),
        ("year.json", YEAR_5000, 2, "Nombre trop long ligne 1"),
        ("types.json", '[{"id": "a", "issued": {"date-parts": [["a", {}]]}}]', 1,
         ":1: [csljson-field] Champ « issued » de « a » ignoré"),
        ("lines.ris", "\n" * (MAX_LINES + 1), 2, "Trop de lignes"),
    ],
)  # fmt: skip
def test_cli_reports_hostile_files_without_a_traceback(
    tmp_path: Path, name: str, payload: str, status: int, message: str
) -> None:
    path = tmp_path / name
    path.write_text(payload, encoding="utf-8")
    result = _check(path)
    assert result.returncode == status, result.stderr[-2000:]
    assert message in result.stderr.replace("\u00a0", " ")
    assert "Traceback" not in result.stderr


def test_the_shared_reader_gives_the_same_answers() -> None:
    """``read_references`` serves the web paste, upload, suggestion and the CLI."""
    imported = bounded(lambda: read_references(laughs(40).encode(), "x.bib"))
    assert [p.code for p in imported.problems] == ["expansion-too-large"] * 2
    with pytest.raises(JsonTooDeep):
        read_references(b"[" * 100_000, "x.json")
