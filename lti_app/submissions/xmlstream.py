"""Counting elements of an XML member streamed, never held whole.

Each element is freed as soon as it ends: cleared, and removed with its earlier
siblings from its parent, so memory stays at one path from the root whatever the
size. Elements, depth and the count asked for are budgeted as the parse goes; a
document type declaration (entities, external references) is refused: neither
ODF nor Office Open XML uses one.
"""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

from lti_app import budgets
from lti_app.submissions.bounded import Deadline, LimitReachedError, Readable

_CHECK_EVERY = 1024  # elements between two looks at the clock
# Bytes handed to the parser at a time. It queues the events of a whole feed; with
# large feeds thousands of queued events outlive the young GC generations, and
# full collections of the whole process make the parse five times slower.
FEED_BYTES = 2048


class XmlError(ValueError):
    """The member is not well-formed XML, or declares a document type."""


class _Feed:
    """Hands ``source`` to the parser in small reads."""

    def __init__(self, source: Readable) -> None:
        self.source = source

    def read(self, _size: int = -1) -> bytes:
        return self.source.read(FEED_BYTES)


def _free(element: etree._Element) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def count_tags(source: Readable, tags: Collection[str], deadline: Deadline,
               max_found: int = budgets.MAX_SLIDES, found_code: str = "slides",
               ) -> int:  # fmt: skip
    """How many elements named in ``tags`` ``source`` holds, within the budgets."""
    depth = elements = found = 0
    events = etree.iterparse(
        _Feed(source), events=("start", "end"), resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if depth > budgets.XML_MAX_DEPTH:
                    raise LimitReachedError("xml-depth", budgets.XML_MAX_DEPTH)
                if depth == 1 and element.getroottree().docinfo.doctype:
                    raise XmlError("document type declaration")
                continue
            depth, elements = depth - 1, elements + 1
            if elements > budgets.XML_MAX_ELEMENTS:
                raise LimitReachedError("xml-elements", budgets.XML_MAX_ELEMENTS)
            if elements % _CHECK_EVERY == 0:
                deadline.check()
            if element.tag in tags:
                found += 1
                if found > max_found:
                    raise LimitReachedError(found_code, max_found)
            _free(element)
    except etree.XMLSyntaxError as error:
        if "Excessive depth" in str(error):  # libxml2's own bound, met first
            raise LimitReachedError("xml-depth", budgets.XML_MAX_DEPTH) from error
        raise XmlError(str(error)) from error
    return found
