"""The worst inputs one student (or a careless instructor) can send, as bytes.

Each builder returns what a client would send: the text of a form field or the
bytes of a file. They are shared by ``benchmarks/hostile.py`` and the
production-like test that sends them in a loop beside another student.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Payload:
    """One attack: who sends it, where, and what."""

    name: str
    role: str  # "student" or "staff"
    target: str  # "suggestion", "question", "bib_upload" or "drop_off"
    filename: str
    data: bytes


def bibtex_string_chain(lines: int = 29) -> str:
    """``@string`` macros each doubling the last: 2**lines bytes once expanded."""
    macros = ['@string{s0="xx"}']
    macros += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, lines - 1)]
    return "\n".join([*macros, f"@book{{k, title = s{lines - 2}, year=2020}}"]) + "\n"


def bibtex_href() -> str:
    """``\\href``, common in real exports, once a 500 inside pylatexenc."""
    return (
        "@book{k, author = {Doe, Jane}, title = {\\href{http://a}{click} and "
        "\\url{http://b}}, year = 2020}\n"
    )


def csljson_deep(depth: int = 100_000) -> bytes:
    return b"[" * depth


def csljson_huge_year(digits: int = 5_000) -> bytes:
    item = {"id": "a", "type": "book", "title": "T", "issued": {"date-parts": []}}
    text = json.dumps([item]).replace("[]", "[[" + "9" * digits + "]]")
    return text.encode()


def csljson_wrong_types() -> bytes:
    item = {
        "id": "a",
        "type": "book",
        "title": "T",
        "issued": {"date-parts": [["a", {}]]},
    }
    return json.dumps([item]).encode()


def ris_flood(entries: int = 50_000) -> bytes:
    """Many tiny RIS records: a count, not a size, is what costs."""
    return b"".join(b"TY  - BOOK\r\nTI  - t\r\nER  - \r\n" for _ in range(entries))


_ODP_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
    b'office:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    b'office:version="1.3"><office:body><office:presentation>'
)
_ODP_TAIL = b"</office:presentation></office:body></office:document-content>"
_ODP_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    b'<manifest:file-entry manifest:full-path="/" manifest:media-type='
    b'"application/vnd.oasis.opendocument.presentation"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" '
    b'manifest:media-type="text/xml"/></manifest:manifest>'
)


def _repeated(unit: bytes, total: int) -> Iterator[bytes]:
    block = unit * (MIB // len(unit))
    for _ in range(total // len(block)):
        yield block


def odp_element_bomb(content_mib: int = 60) -> bytes:
    """A small ODP whose content.xml is ``content_mib`` MiB of empty pages."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.presentation",
        )
        archive.writestr("META-INF/manifest.xml", _ODP_MANIFEST)
        with archive.open("content.xml", "w", force_zip64=True) as content:
            content.write(_ODP_HEAD)
            for block in _repeated(b"<draw:page/>", content_mib * MIB):
                content.write(block)
            content.write(_ODP_TAIL)
    return buffer.getvalue()


_PPTX_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation '
    b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
)
_PPTX_CLOSE = (
    b'<p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>'
)


def pptx_deep_xml(depth: int = 200_000) -> bytes:
    """A PPTX whose presentation.xml nests elements ``depth`` levels deep."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "ppt/presentation.xml",
            _PPTX_OPEN + b"<a>" * depth + b"</a>" * depth + _PPTX_CLOSE,
        )
        archive.writestr("ppt/slides/slide1.xml", "<p:sld/>")
    return buffer.getvalue()


def zip_ratio_bomb(entry_mib: int = 1024) -> bytes:
    """A PPTX whose presentation.xml (which is read) inflates to ``entry_mib`` MiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("ppt/presentation.xml", "w", force_zip64=True) as part:
            part.write(_PPTX_OPEN)
            for block in _repeated(b" ", entry_mib * MIB):
                part.write(block)
            part.write(_PPTX_CLOSE)
        archive.writestr("ppt/slides/slide1.xml", "<p:sld/>")
    return buffer.getvalue()


def zip_many_entries(count: int = 60_000) -> bytes:
    """A PPTX of ``count`` empty slides: the central directory is the attack."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", _PPTX_OPEN + _PPTX_CLOSE)
        for index in range(count):
            archive.writestr(f"ppt/slides/slide{index}.xml", b"")
    return buffer.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_deep_pages(depth: int = 50_000) -> bytes:
    """A page tree ``depth`` nodes deep over a single page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number, parent = level + 2, level + 1
        up = b" /Parent %d 0 R" % parent if level else b""
        objects.append(
            b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (number + 1, up)
        )
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>" % (depth + 1)
    )
    return _pdf(objects)


def pdf_cyclic_pages(count: int = 1_000_000) -> bytes:
    """A page tree whose node lists itself as its kid, claiming ``count`` pages."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 2 0 R] /Count %d >>" % count,
        ]
    )


def markdown_deep(length: int = 10_000) -> str:
    """As deep as a question's body allows: quotes, then brackets."""
    half = length // 2
    return ">" * half + "[" * (length - half)


def markdown_lists(length: int = 10_000) -> str:
    return "".join(" " * level + "- x\n" for level in range(length // 8))[:length]


def _text(build: Callable[[], str]) -> Callable[[], bytes]:
    return lambda: build().encode()


# name, who sends it, through which form, as which file (none: a text field), what
_TABLE: list[tuple[str, str, str, str, Callable[[], bytes]]] = [
    ("bibtex_string_chain_29", "student", "suggestion", "",
     _text(lambda: bibtex_string_chain(29))),
    ("bibtex_string_chain_40", "student", "suggestion", "",
     _text(lambda: bibtex_string_chain(40))),
    ("bibtex_href", "student", "suggestion", "", _text(bibtex_href)),
    ("bibtex_chain_upload", "staff", "bib_upload", "laughs.bib",
     _text(lambda: bibtex_string_chain(40))),
    ("csljson_deep", "staff", "bib_upload", "deep.json", csljson_deep),
    ("csljson_huge_year", "staff", "bib_upload", "year.json", csljson_huge_year),
    ("csljson_wrong_types", "staff", "bib_upload", "types.json", csljson_wrong_types),
    ("ris_flood", "staff", "bib_upload", "flood.ris", ris_flood),
    ("ris_flood_at_limit", "staff", "bib_upload", "flood.ris",
     lambda: ris_flood(12_500)),
    ("odp_element_bomb", "student", "drop_off", "bomb.odp", odp_element_bomb),
    ("odp_element_bomb_240", "student", "drop_off", "bomb.odp",
     lambda: odp_element_bomb(240)),
    ("pptx_deep_xml", "student", "drop_off", "deep.pptx", pptx_deep_xml),
    ("zip_ratio_bomb", "student", "drop_off", "ratio.pptx", zip_ratio_bomb),
    ("zip_many_entries", "student", "drop_off", "many.pptx", zip_many_entries),
    ("pdf_deep_pages", "student", "drop_off", "deep.pdf", pdf_deep_pages),
    ("pdf_cyclic_pages", "student", "drop_off", "cycle.pdf", pdf_cyclic_pages),
    ("markdown_deep", "student", "question", "", _text(markdown_deep)),
    ("markdown_lists", "student", "question", "", _text(markdown_lists)),
]  # fmt: skip


def all_payloads() -> list[Payload]:
    """Every payload of the hostile benchmark, in the order it sends them."""
    return [Payload(n, r, t, f, build()) for n, r, t, f, build in _TABLE]
