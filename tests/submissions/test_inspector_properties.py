"""Property tests: the upload inspectors driven with generated hostile structures.

Whatever the generated file (huge repeated counts, deep nesting, random zip
members, page trees with loops), ``filetypes.inspect`` answers a kind and a
count, or refuses with :class:`UnknownTypeError` or a named
:class:`LimitReachedError`; never another exception, never past the time and
memory bounds. When a file is within every budget, the count is exact.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lti_app import budgets
from lti_app.submissions import filetypes
from lti_app.submissions.filetypes import LimitReachedError, UnknownTypeError
from tests.submissions import hostile
from tests.support.resources import measured

SECONDS = 3.0
RSS_MB = 100.0
CODES = {"zip-entries", "zip-member-bytes", "zip-total-bytes", "zip-ratio",
         "xml-elements", "xml-depth", "slides", "pdf-objects", "pdf-page-nodes",
         "pdf-tree-depth", "pdf-tree-loop", "cpu-time"}  # fmt: skip
PROPERTY = settings(
    max_examples=30, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


def _inspect(tmp_path: Path, data: bytes) -> filetypes.Inspection | str:
    """The inspection, or the refusal's code; bounded in time and memory."""
    path = tmp_path / "upload"
    path.write_bytes(data)
    with measured() as cost:
        try:
            found: filetypes.Inspection | str = filetypes.inspect(path)
        except UnknownTypeError:
            found = "unknown"
        except LimitReachedError as error:
            found = error.code
    assert not isinstance(found, str) or found in CODES | {"unknown"}, found
    assert cost.seconds < SECONDS, cost
    assert cost.rss_growth_mb < RSS_MB, cost
    return found


# Counts at and past the budgets, and the 5,242,880 slides.
HUGE = st.sampled_from([127, 129, 4_999, 5_001, 500_001, 5_242_880, 50_000_000])
UNITS = {
    "page": (b"<draw:page/>", True),
    "paragraph": (b"<text:p/>", False),
    "span-open": (b"<text:span>", False),
    "blank": (b" ", False),
}


@PROPERTY
@given(unit=st.sampled_from(sorted(UNITS)),
       count=st.one_of(st.integers(0, 6000), HUGE, st.integers(0, 50_000_000)),
       pptx=st.booleans())  # fmt: skip
def test_repeated_xml_is_counted_or_refused(
    tmp_path: Path, unit: str, count: int, pptx: bool
) -> None:
    raw, is_slide = UNITS[unit]
    if pptx:
        raw = raw.replace(b"draw:page", b"p:sldId").replace(b"text:", b"p:")
        data = hostile.pptx_bomb(count, raw)
    else:
        data = hostile.odp_bomb(count, raw)
    found = _inspect(tmp_path, data)
    opens = unit == "span-open" and count > 0
    if opens or (is_slide and count > budgets.MAX_SLIDES):
        assert isinstance(found, str)  # never-closed spans or too many slides
    elif isinstance(found, filetypes.Inspection):
        assert found.pages == (count if is_slide else 0)
    else:
        assert found in CODES, found  # past a size budget: named


@PROPERTY
@given(
    depth=st.one_of(st.integers(0, 300), HUGE.filter(lambda n: n < 10**6)),
    slides=st.integers(0, 50),
)
def test_nesting_is_counted_or_refused_by_depth(
    tmp_path: Path, depth: int, slides: int
) -> None:
    inner = b"<draw:page/>" * slides
    content = (hostile.ODP_HEAD + b"<text:span>" * depth + inner
               + b"</text:span>" * depth + hostile.ODP_TAIL)  # fmt: skip
    data = hostile.raw_zip([hostile.stored("mimetype", hostile.ODP_MIMETYPE),
                            hostile.stored("content.xml", content)])  # fmt: skip
    found = _inspect(tmp_path, data)
    if depth + 3 <= budgets.XML_MAX_DEPTH:
        assert isinstance(found, filetypes.Inspection)
        assert found.pages == slides
    elif len(content) <= budgets.ZIP_MAX_MEMBER_BYTES:
        assert found == "xml-depth"


NAMES = st.sampled_from(["mimetype", "content.xml", "ppt/presentation.xml",
                         "[Content_Types].xml", "ppt/slides/slide1.xml", "x/y"])  # fmt: skip
DATA = st.one_of(
    st.binary(max_size=300),
    st.just(hostile.ODP_MIMETYPE),
    st.sampled_from([hostile.ODP_HEAD + hostile.ODP_TAIL,
                     hostile.PPTX_HEAD + hostile.PPTX_TAIL, b"<!DOCTYPE x []><x/>"]),
)  # fmt: skip
MEMBER = st.tuples(NAMES, DATA, st.sampled_from([0, 8]), st.integers(0, 2**32 - 1))


def _member(
    name: str, data: bytes, method: int, claimed: int
) -> tuple[str, bytes, int, int, int]:
    """A member as generated: stored or deflated, its size claimed at random."""
    if method == 8:
        packed = zlib.compress(data)[2:-4]  # raw deflate: no zlib header, no check
        return hostile.deflated(name, packed, claimed, zlib.crc32(data))
    return hostile.stored(name, data)


@PROPERTY
@given(
    members=st.lists(MEMBER, max_size=8),
    declared=st.one_of(st.none(), st.integers(0, 65535)),
)
def test_random_zip_members_never_escape_the_inspector(
    tmp_path: Path, members: list[tuple[str, bytes, int, int]], declared: int | None
) -> None:
    data = hostile.raw_zip([_member(*m) for m in members], entries_declared=declared)
    found = _inspect(tmp_path, data)
    if isinstance(found, filetypes.Inspection):
        assert found.kind in {"odp", "pptx"}


def _tree(shape: list[int], loop: int | None) -> bytes:
    """A page tree: node ``n`` has ``shape[n]`` page kids and the next node as a kid;
    ``loop`` points the last node back at an earlier one."""
    count = len(shape)
    first_page = 2 + count
    objects = [hostile.CATALOG]
    page = first_page
    for n, pages in enumerate(shape):
        kids = [b"%d 0 R" % k for k in range(page, page + pages)]
        page += pages
        if n + 1 < count:
            kids.append(b"%d 0 R" % (n + 3))
        elif loop is not None:
            kids.append(b"%d 0 R" % (2 + loop % count))
        objects.append(b"<< /Type /Pages /Kids [%s] >>" % b" ".join(kids))
    objects += [b"<< /Type /Page >>"] * (page - first_page)
    return hostile.pdf_of(objects)


@PROPERTY
@given(shape=st.lists(st.integers(0, 400), min_size=1, max_size=120),
       loop=st.one_of(st.none(), st.integers(0, 1000)))  # fmt: skip
def test_pdf_page_trees_are_counted_or_refused(
    tmp_path: Path, shape: list[int], loop: int | None
) -> None:
    found = _inspect(tmp_path, _tree(shape, loop))
    nodes = len(shape) + sum(shape)
    if loop is not None:
        assert found in {"pdf-tree-loop", "pdf-tree-depth", "pdf-page-nodes"}
    elif len(shape) > budgets.PDF_MAX_TREE_DEPTH:
        assert found == "pdf-tree-depth"
    elif nodes > budgets.PDF_MAX_PAGE_NODES:
        assert found == "pdf-page-nodes"
    else:
        assert isinstance(found, filetypes.Inspection)
        assert (found.kind, found.pages) == ("pdf", sum(shape))


@pytest.mark.parametrize("size", [0, 1, 10**5, 10**6, 10**9])
def test_declared_pdf_sizes_are_bounded(tmp_path: Path, size: int) -> None:
    data = hostile.pdf_of([hostile.CATALOG, b"<< /Type /Pages /Kids [] >>"], size)
    found = _inspect(tmp_path, data)
    if size > budgets.PDF_MAX_OBJECTS:
        assert found == "pdf-objects"
    else:
        assert isinstance(found, filetypes.Inspection)
