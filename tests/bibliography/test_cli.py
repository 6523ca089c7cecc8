"""The CLI contract, through subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibliography", *args], capture_output=True, text=True,
        check=False, timeout=60,
    )  # fmt: skip


def test_check_json() -> None:
    result = _run("check", str(DATA / "traps.bib"), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["entries"] == 7
    assert {
        "code": "unbalanced-braces",
        "line": 42,
        "key": "unclosed",
    }.items() <= report["problems"][1].items()


def test_clean_file_and_usage(tmp_path: Path) -> None:
    clean = tmp_path / "ok.bib"
    clean.write_text("@book{a, author={A, B}, title={T}, publisher={P}, year=2001}\n")
    assert _run("check", str(clean)).returncode == 0
    formatted = _run("format", str(clean))
    assert (formatted.returncode, formatted.stdout) == (0, "A, B. (2001). T. P.\n")
    assert _run("convert", str(clean), "--to", "ris").stdout.startswith("TY  - BOOK")
    missing = _run("check", str(tmp_path / "none.bib"))
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    assert _run("bogus").returncode == 2
    assert _run("format", str(clean), "--style", "nope").returncode == 2


def test_render(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Voir [@a] et <script>x</script> [@b]\n")
    bib = tmp_path / "ok.bib"
    bib.write_text("@book{a, author={A, B}, title={T}, publisher={P}, year=2001}\n")
    result = _run("render", str(page), "--bib", str(bib))
    assert result.returncode == 1  # [@b] is unknown
    assert "unknown-citation" in result.stderr
    assert 'id="ref-a"' in result.stdout
    assert "<script" not in result.stdout
    assert 'class="citation-unknown"' in result.stdout


def test_latin1_file_reports_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.bib"
    path.write_bytes(
        "@book{a, author={Élise, A}, title={T}, publisher={P}, year=2001}".encode(
            "latin-1"
        )
    )
    result = _run("check", str(path), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["problems"] == [
        {
            "code": "encoding",
            "line": 1,
            "key": None,
            "message": "Encodage cp1252 détecté ; le fichier devrait être en UTF-8.",
        }
    ]


def test_format_html_and_formats(tmp_path: Path) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text(
        "@book{a, author={A, B}, title={T <b>}, publisher={P}, year=2001}\n"
        "@book{c, author={C, D}, title={U}, publisher={P}, year=2001}\n",
        encoding="utf-8",
    )
    html = _run("format", str(bib), "--html")
    assert (
        html.stdout
        == "A, B. (2001). <i>T &lt;b&gt;</i>. P.\n\nC, D. (2001). <i>U</i>. P.\n"
    )
    as_json = _run("convert", str(bib), "--to", "csljson")
    assert [item["id"] for item in json.loads(as_json.stdout)] == ["a", "c"]
    ris = tmp_path / "x.ris"
    ris.write_text(_run("convert", str(bib), "--to", "ris").stdout, encoding="utf-8")
    assert json.loads(_run("check", str(ris), "--json").stdout) == {
        "entries": 2,
        "problems": [],
    }
    assert _run("format", str(ris), "--style", "chicago-author-date-fr").returncode == 0


def test_unreadable_inputs_exit_2(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"\xff\xfe\x00bad")
    bib = tmp_path / "ok.bib"
    bib.write_text("@misc{a, title={T}}\n")
    (tmp_path / "x.json").write_text("[{")
    for args in (
        ("check", str(tmp_path)),
        ("render", str(page), "--bib", str(bib)),
        ("check", str(tmp_path / "x.json")),
        ("format", str(bib), "--locale", "xx-XX"),
        ("convert", str(bib), "--to", "pdf"),
        ("check",),
    ):
        result = _run(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert result.stderr
