"""Round trips: parse(write(x)) == x (hypothesis), RIS, CSL-JSON; parser totality."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from bibliography import BibliographyError, Person, Reference, parse_bibtex
from bibliography.csljson import read_csljson, write_csljson
from bibliography.ris import read_ris, write_ris
from bibliography.writer import blocks_from_entries, entry_from_reference

_TEXT = (
    st.text(
        st.characters(categories=["L", "N", "P", "S"], exclude_characters="\u00a0"),
        min_size=1,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
_WORD = st.from_regex(r"[A-ZÉ][a-zéè]{1,8}", fullmatch=True)
_PERSON = st.one_of(
    st.builds(Person, family=_WORD, given=_WORD,
              particle=st.sampled_from(["", "de", "van der"]),
              suffix=st.sampled_from(["", "Jr."])),
    st.builds(Person, literal=_WORD),
)  # fmt: skip


@st.composite
def references(draw: st.DrawFn) -> Reference:
    """A reference as BibTeX would give it back."""
    authors = tuple(draw(st.lists(_PERSON, min_size=1, max_size=3)))
    et_al = draw(st.booleans())
    from bibliography.model import names_text

    fields = (
        ("author", names_text(authors, et_al=et_al)),
        ("title", draw(_TEXT)),
        ("note", draw(_TEXT)),
        ("year", str(draw(st.integers(1000, 2100)))),
    )
    key = draw(st.from_regex(r"[A-Za-z][A-Za-z0-9_:-]{0,12}", fullmatch=True))
    return Reference(key, "misc", fields, authors, (), et_al, False, None)


@settings(max_examples=150, deadline=None)
@given(references())
def test_parse_write_parse(reference: Reference) -> None:
    blocks = blocks_from_entries([entry_from_reference(reference)])
    text = "".join(block.text for block in blocks)
    assert parse_bibtex(text).references == (reference,)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_parser_raises_only_our_errors(data: bytes) -> None:
    with contextlib.suppress(BibliographyError):  # only our errors may escape
        parse_bibtex(data)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='@{}()=,#"\\ \nabc%', max_size=300))
def test_parser_on_bibtex_like_text(text: str) -> None:
    document = parse_bibtex(text)
    assert "".join(block.text for block in document.blocks) == text


def test_ris_and_csljson_round_trip(traps: bytes) -> None:
    refs = [
        r for r in parse_bibtex(traps).references if r.key in ("serre2009", "recueil")
    ]
    ris_refs, problems = read_ris(write_ris(refs))
    assert problems == []
    assert write_ris(ris_refs) == write_ris(refs)
    json_refs, problems = read_csljson(write_csljson(refs))
    assert problems == []
    assert write_csljson(json_refs) == write_csljson(refs)
    assert [r.authors for r in json_refs] == [r.authors for r in refs]


def test_ris_without_final_er_is_reported() -> None:
    refs, problems = read_ris(
        "TY  - BOOK\nID  - a\nTI  - Un\nER  - \nTY  - JOUR\nTI  - Deux\n"
    )
    assert [r.get("title") for r in refs] == ["Un", "Deux"]
    assert [p.code for p in problems] == ["ris-unterminated"]
