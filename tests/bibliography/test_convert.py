"""Conversions between formats and the duplicate report on import."""

from __future__ import annotations

import json

import pytest

from bibliography import FormatError, parse_bibtex, read_references, write_references
from bibliography.convert import guess_format


def test_bibtex_to_ris_to_csljson_to_bibtex(traps: bytes) -> None:
    wanted = ("serre2009", "recueil")
    refs = [r for r in parse_bibtex(traps).references if r.key in wanted]
    ris = read_references(write_references(refs, "ris").encode(), "x.ris")
    csl = read_references(
        write_references(ris.references, "csljson").encode(), "x.json"
    )
    back = parse_bibtex(write_references(csl.references, "bibtex"))
    assert back.problems == ()
    for before, after in zip(refs, back.references, strict=True):
        assert after.key == before.key
        assert after.authors == before.authors
        assert after.editors == before.editors
        assert after.get("title") == before.get("title")
        assert after.get("year") == before.get("year")


def test_csljson_is_valid_json_with_names(traps: bytes) -> None:
    refs = parse_bibtex(traps).references
    items = json.loads(write_references(refs, "csljson"))
    chap = next(item for item in items if item["id"] == "chap")
    assert chap["author"][0] == {"literal": "ODAS"}
    assert chap["DOI"] == "10.1000/abc.def"
    recueil = next(item for item in items if item["id"] == "recueil")
    assert recueil["editor"][1] == {
        "family": "Berg", "given": "Anna", "non-dropping-particle": "van der",
        "suffix": "Jr.",
    }  # fmt: skip


def test_bibtex_import_reports_same_doi_and_title() -> None:
    data = (
        b"@misc{a, title={Le Titre}, year=2001, author={Dupont, J.}}\n"
        b"@misc{b, title={le titre.}, year=2001, author={Dupont, Jean}}\n"
        b"@misc{c, doi={10.1/Z}}\n@misc{d, doi={https://doi.org/10.1/z}}\n"
    )
    found = [(p.code, p.key) for p in read_references(data, "x.bib").problems]
    assert found == [("duplicate-title", "b"), ("duplicate-doi", "d")]


def test_duplicates_reported_on_import() -> None:
    ris = (
        "TY  - BOOK\nID  - a\nAU  - Serre, Delphine\nTI  - Les coulisses\nPY  - 2009\n"
        "ER  - \n"
        "TY  - BOOK\nID  - b\nAU  - Serre, D.\nTI  - LES  Coulisses!\nPY  - 2009\n"
        "ER  - \n"
        "TY  - JOUR\nID  - c\nTI  - X\nDO  - 10.1/X\nER  - \n"
        "TY  - JOUR\nID  - d\nTI  - Y\nDO  - 10.1/x\nER  - \n"
        "TY  - JOUR\nID  - A\nTI  - Z\nER  - \n"
    )
    imported = read_references(ris.encode(), "list.ris")
    found = [(p.code, p.key, p.params.get("other")) for p in imported.problems]
    assert found == [
        ("duplicate-title", "b", "a"),
        ("duplicate-doi", "d", "c"),
        ("duplicate-key", "A", None),
    ]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("x.bib", b"", "bibtex"),
        ("x.RIS", b"", "ris"),
        ("x.json", b"", "csljson"),
        ("x", b"\n[{}]", "csljson"),
        ("x", b"TY  - BOOK\n", "ris"),
        ("x.txt", b"% c\n@book{a,}", "bibtex"),
    ],
)
def test_guess_format(name: str, data: bytes, kind: str) -> None:
    assert guess_format(name, data) == kind


def test_unknown_format_and_bad_json() -> None:
    with pytest.raises(FormatError):
        guess_format("notes.txt", b"hello")
    with pytest.raises(FormatError):
        read_references(b"[{", "x.json")
