"""A PDF's page count, from a walk of its page tree bounded in nodes, depth and time.

pypdf's own ``len(reader.pages)`` builds a page object for every leaf, each
copying its inherited attributes: a huge tree costs seconds and hundreds of
megabytes before its own limit answers. This walk only counts, stops at a node
seen twice (a loop), and looks at the clock at every node. Streams pypdf inflates
on the way (object streams) are bounded by its configuration, lowered here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

from lti_app import budgets
from lti_app.submissions.bounded import Deadline, LimitReachedError

_SCAN_CHUNK = 1024 * 1024
_OVERLAP = 4096  # a declaration cut by a chunk boundary is read whole in the next
# Patterns that open on a literal byte, which the regular expression engine seeks
# at memchr speed (100 MB in about 0.1 s); "obj" is counted, not matched: every
# object has two ("obj", "endobj").
_XREF_ENTRY = re.compile(rb" [0-9]{5} [nf]")
_SIZE = re.compile(rb"/Size[ \t\r\n]*(\d{1,15})")
_INDEX = re.compile(rb"/Index[ \t\r\n]*\[([0-9 \t\r\n]{0,4000})\]")
_DAMAGED = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError,
            RecursionError, IndexError)  # fmt: skip


def count_pages(path: Path, deadline: Deadline) -> int | None:
    """The number of pages; None when the file is too damaged to tell."""
    most = budgets.PDF_MAX_STREAM_BYTES
    with pypdf.apply_configuration(
        None, maximum_declared_stream_length=most, zlib_maximum_output_length=most,
        lzw_maximum_output_length=most, run_length_maximum_output_length=most,
        array_based_stream_maximum_output_length=most,
    ):  # fmt: skip
        _check_objects(path, deadline)
        try:
            reader = pypdf.PdfReader(path)
            deadline.check()
            root = reader.trailer["/Root"].get_object()
            if not isinstance(root, DictionaryObject):
                return None
            return _walk(root["/Pages"], deadline)
        except _DAMAGED:
            return None  # a PDF by its header, but its pages cannot be counted


def _declared(chunk: bytes) -> int:
    """The most objects a cross-reference stream or trailer in ``chunk`` declares."""
    sizes = [int(m[1]) for m in _SIZE.finditer(chunk)]
    for match in _INDEX.finditer(chunk):
        sizes.append(sum(int(n) for n in match[1].split()[1::2]))
    return max(sizes, default=0)


def _check_objects(path: Path, deadline: Deadline) -> None:
    """Refuse a file with more objects than the budget, before pypdf indexes them.

    pypdf reads every cross-reference entry in Python as it opens the file; the
    entries, objects and declared sizes are counted here at the regular
    expression engine's speed, the file read a chunk at a time.
    """
    limit, objects, entries = budgets.PDF_MAX_OBJECTS, 0, 0
    with path.open("rb") as handle:
        previous = b""
        while chunk := handle.read(_SCAN_CHUNK):
            deadline.check()
            objects += chunk.count(b"obj") // 2
            entries += _XREF_ENTRY.subn(b"", chunk)[1]
            declared = _declared(previous[-_OVERLAP:] + chunk)
            if max(objects, entries, declared) > limit:
                raise LimitReachedError("pdf-objects", limit)
            previous = chunk


def _walk(top: PdfObject, deadline: Deadline) -> int | None:
    """Count the leaves under ``top``, depth first, every node visited once."""
    stack: list[tuple[PdfObject, int]] = [(top, 0)]
    seen: set[tuple[int, int]] = set()
    nodes = pages = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > budgets.PDF_MAX_PAGE_NODES:
            raise LimitReachedError("pdf-page-nodes", budgets.PDF_MAX_PAGE_NODES)
        if depth > budgets.PDF_MAX_TREE_DEPTH:
            raise LimitReachedError("pdf-tree-depth", budgets.PDF_MAX_TREE_DEPTH)
        deadline.check()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                raise LimitReachedError("pdf-tree-loop", 1)
            seen.add((item.idnum, item.generation))
        node = item.get_object()
        if not isinstance(node, DictionaryObject):
            return None
        kids = node.get("/Kids")
        if kids is None and node.get("/Type") != "/Pages":
            pages += 1
            continue
        kids = kids.get_object() if kids is not None else ArrayObject()
        if not isinstance(kids, ArrayObject):
            return None
        if len(stack) + len(kids) > budgets.PDF_MAX_PAGE_NODES:
            raise LimitReachedError("pdf-page-nodes", budgets.PDF_MAX_PAGE_NODES)
        stack.extend((kid, depth + 1) for kid in reversed(kids))
    return pages
