"""Parsing: traps, problems with line and key, encodings, hostile input."""

from __future__ import annotations

import time

import pytest

from bibliography import (
    Entry,
    Field,
    InputTooLarge,
    Person,
    parse_bibtex,
    replace_entry,
    write_bibtex,
)
from bibliography.errors import EncodingError, Problem


def _codes(data: bytes) -> set[tuple[str, int | None, str | None]]:
    return {(p.code, p.line, p.key) for p in parse_bibtex(data).problems}


def test_missing_field_names_the_field(traps: bytes) -> None:
    problem = next(p for p in parse_bibtex(traps).problems if p.code == "missing-field")
    assert problem.params["field"] == "journal|journaltitle"
    assert problem.message("en") == (
        "Required field 'journal|journaltitle' missing from 'nojournal'."
    )


def test_trap_problems_have_line_and_key(traps: bytes) -> None:
    assert _codes(traps) == {
        ("duplicate-field", 37, "broken"),
        ("unbalanced-braces", 42, "unclosed"),
        ("unknown-type", 45, "odd"),
        ("duplicate-key", 47, "SERRE2009"),
        ("missing-field", 49, "nojournal"),
    }


def test_other_entries_survive(traps: bytes) -> None:
    keys = [r.key for r in parse_bibtex(traps).references]
    assert keys == [
        "serre2009",
        "recueil",
        "chap",
        "broken",
        "odd",
        "SERRE2009",
        "nojournal",
    ]


def test_meaning_of_traps(traps: bytes) -> None:
    document = parse_bibtex(traps)
    serre = document.find("serre2009")
    assert serre is not None
    assert serre.get("title") == "Les coulisses de l'État social"
    assert serre.get("publisher") == "Raisons d'agir (éd.)"
    assert serre.get("month") == "January"
    chap = document.find("chap")
    assert chap is not None
    assert chap.authors == (
        Person(literal="ODAS"),
        Person(family="Dupont", given="Jean"),
    )
    assert chap.authors_et_al
    assert chap.doi == "10.1000/abc.def"
    assert chap.get("booktitle") == "Le recueil «\u00a0collectif\u00a0»"
    assert chap.editors[1] == Person(
        family="Berg", given="Anna", particle="van der", suffix="Jr."
    )
    broken = document.find("broken")
    assert broken is not None
    assert broken.get("title") == "T"


def test_byte_for_byte_round_trip(traps: bytes) -> None:
    assert write_bibtex(parse_bibtex(traps)) == traps


def test_latin1_is_detected_and_round_trips() -> None:
    data = "@book{k, author={Élise, A}, title={Été}, publisher={P}, year=1}\n".encode(
        "latin-1"
    )
    document = parse_bibtex(data)
    assert [p.code for p in document.problems] == ["encoding"]
    assert document.references[0].get("title") == "Été"
    assert write_bibtex(document) == data


def test_binary_is_an_encoding_error() -> None:
    with pytest.raises(EncodingError):
        parse_bibtex(b"\x00\x01@book{")


@pytest.mark.parametrize(
    "data",
    [
        b"@article{x, title = {" + b"{" * 5_000_000,
        b"\n@a{x, t={" * 400_000,
        b"@a{x, t={" + b"{}" * 2_000_000 + b"}}",
        b"@a{x, t={x}}\n" * 400_000,
        b"@a{" * 1_000_000,
        b"@a{x, title={" + b"{\\o" * 3000 + b"}" * 3001 + b"}",
        b"@a{x, title={" + b"\\foo{x}" * 50_000 + b"}}",
        b"@a{x, author={" + b"A and " * 80_000 + b"B}}",
    ],
)
def test_hostile_input_is_bounded(data: bytes) -> None:
    start = time.perf_counter()
    try:
        problems = parse_bibtex(data).problems
    except InputTooLarge as error:  # the complexity limit is an acceptable bound
        problems = (Problem(error.code),)
    assert time.perf_counter() - start < 5
    assert problems


def test_size_limit() -> None:
    with pytest.raises(InputTooLarge) as caught:
        parse_bibtex(b"@misc{a}" * 100, max_bytes=10)
    assert caught.value.code == "input-too-large"
    assert "octets" in caught.value.message("fr")


def test_entries_keep_order_and_unknown_fields(traps: bytes) -> None:
    entry = next(parse_bibtex(traps).entries())
    names = [field.name for field in entry.fields]
    assert names == [
        "author", "title", "publisher", "year", "month", "file", "groups", "owner",
        "timestamp", "keywords",
    ]  # fmt: skip
    assert entry.fields[2].raw == "rs # { (éd.)}"
    kinds = [block.kind for block in parse_bibtex(traps).blocks if block.kind != "text"]
    assert kinds[:3] == ["comment", "string", "preamble"]


@pytest.mark.parametrize(
    ("source", "code", "line", "key"),
    [
        ("@misc{a, title = foo}", "undefined-macro", 1, "a"),
        ("@misc{a, crossref = {zz}}", "missing-crossref", 1, "a"),
        ("@misc{a,\n author = {A, B, C, D}}", "bad-name", 1, "a"),
        ("@misc{a, url = {javascript:alert(1)}}", "unsafe-url", 1, "a"),
        ("\n\n@misc{, title = {x}}", "missing-key", 3, None),
        ("@misc{a b, title = {x}}", "syntax", 1, "a b"),
        ("@misc{a, title = {x} y={z}}", "syntax", 1, "a"),
        ("@misc{a b = {x}}", "syntax", 1, None),
        ("@misc{a, title={x}}\n@MISC{A, title={y}}", "duplicate-key", 2, "A"),
    ],
)
def test_single_problem(source: str, code: str, line: int, key: str | None) -> None:
    document = parse_bibtex(source + "\n@misc{ok, title={fine}}")
    assert [(p.code, p.line, p.key) for p in document.problems] == [(code, line, key)]
    assert document.references[-1].get("title") == "fine"


@pytest.mark.parametrize(
    "doi",
    ["https://doi.org/10.1/AB", "doi:10.1/ab", "http://dx.doi.org/10.1/Ab", "10.1/AB"],
)
def test_doi_normalised(doi: str) -> None:
    reference = parse_bibtex(f"@misc{{a, doi = {{{doi}}}}}").references[0]
    assert reference.doi == "10.1/ab"


def test_edit_changes_one_block_only(traps: bytes) -> None:
    document = parse_bibtex(traps)
    entry = document.find("recueil")
    assert entry is not None
    edited = Entry("book", "recueil", (Field("title", "{Nouveau}"),))
    after = replace_entry(document, edited)
    texts = [block.text for block in document.blocks]
    changed = [block.text for block in after.blocks if block.text not in texts]
    assert changed == ["@book{recueil,\n  title = {Nouveau},\n}"]
    assert len(after.blocks) == len(document.blocks)
    assert after.find("recueil") == parse_bibtex(changed[0]).references[0]
    chap = after.find("chap")
    assert chap is not None
    assert chap.get("booktitle") == "Nouveau"  # crossref follows the edit
    with pytest.raises(KeyError):
        replace_entry(document, Entry("book", "absent", ()))


def test_entry_too_large_is_reported() -> None:
    data = b"@misc{big, title = {" + b"x" * 600_000 + b"}}\n@misc{ok, title={y}}"
    document = parse_bibtex(data)
    assert [(p.code, p.key) for p in document.problems] == [("entry-too-large", "big")]
    assert [r.key for r in document.references] == ["ok"]
