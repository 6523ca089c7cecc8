"""Hostile files built in the test: element bombs, zip bombs, PDF page-tree traps.

Large payloads are deflated once per repeated block (a full flush makes each
block's compressed bytes identical), so a gigabyte bomb costs milliseconds to
build. A bomb's CRC is left at 0: the inspector must stop long before the end,
where the CRC would be checked.
"""

from __future__ import annotations

import io
import random
import struct
import zlib

from tests.submissions.files import PML

MIB = 1024 * 1024
UTF8 = 0x800  # general purpose flag: names are UTF-8
ODP_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    b"<office:body><office:presentation>"
)
ODP_TAIL = b"</office:presentation></office:body></office:document-content>"
PPTX_HEAD = f'<?xml version="1.0"?><p:presentation xmlns:p="{PML}">'.encode()
PPTX_TAIL = b"</p:presentation>"
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"


def repeated_deflate(head: bytes, unit: bytes, count: int, tail: bytes) -> bytes:
    """Raw deflate of ``head + unit * count + tail``, built in a few milliseconds."""
    block_units = max(1, MIB // max(1, len(unit)))
    blocks, rest = divmod(count, block_units)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)]
    if blocks:
        block = unit * block_units
        first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
        again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
        assert first == again  # the same bytes each time: safe to repeat
        out += [first] * blocks
    out.append(compressor.compress(unit * rest + tail) + compressor.flush())
    return b"".join(out)


def repeated_crc(head: bytes, unit: bytes, count: int, tail: bytes) -> int:
    """The CRC of ``head + unit * count + tail`` when small enough to be read whole
    (64 MiB); 0 past it, where any reader must stop before the end."""
    if len(head) + len(unit) * count + len(tail) > 64 * MIB:
        return 0
    block_units = max(1, MIB // max(1, len(unit)))
    blocks, rest = divmod(count, block_units)
    crc = zlib.crc32(head)
    block = unit * block_units
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    return zlib.crc32(tail, zlib.crc32(unit * rest, crc))


def raw_zip(members: list[tuple[str, bytes, int, int, int]],
            entries_declared: int | None = None) -> bytes:  # fmt: skip
    """A zip of (name, data as stored, method, uncompressed size, crc) members.

    ``entries_declared`` writes another count in the end record (a lying header).
    """
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data, method, size, crc in members:
        encoded, offset = name.encode(), out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, UTF8, method, 0, 0,
                              crc, len(data), size, len(encoded), 0))  # fmt: skip
        out.write(encoded + data)
        directory.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, UTF8, method,
                                    0, 0, crc, len(data), size, len(encoded), 0, 0,
                                    0, 0, 0, offset))  # fmt: skip
        directory.write(encoded)
    start, listing = out.tell(), directory.getvalue()
    count = len(members) if entries_declared is None else entries_declared
    out.write(listing)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count,
                          len(listing), start, 0))  # fmt: skip
    return out.getvalue()


def stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    """A member kept as is, with its true CRC."""
    return (name, data, 0, len(data), zlib.crc32(data))


def deflated(name: str, data: bytes, size: int,
             crc: int = 0) -> tuple[str, bytes, int, int, int]:  # fmt: skip
    """A deflated member (a bomb's CRC is 0: it is never read to its end)."""
    return (name, data, 8, min(size, 0xFFFFFFFF), crc)


def odp_bomb(pages: int = 5_242_880, unit: bytes = b"<draw:page/>") -> bytes:
    """An ODP whose content.xml holds ``pages`` units (the issue's: 60 MiB)."""
    content = repeated_deflate(ODP_HEAD, unit, pages, ODP_TAIL)
    size = len(ODP_HEAD) + len(unit) * pages + len(ODP_TAIL)
    crc = repeated_crc(ODP_HEAD, unit, pages, ODP_TAIL)
    return raw_zip([stored("mimetype", ODP_MIMETYPE),
                    deflated("content.xml", content, size, crc)])  # fmt: skip


def pptx_bomb(units: int, unit: bytes = b'<p:sldId id="256"/>') -> bytes:
    """A PPTX whose presentation.xml repeats ``unit`` ``units`` times."""
    presentation = repeated_deflate(PPTX_HEAD, unit, units, PPTX_TAIL)
    size = len(PPTX_HEAD) + len(unit) * units + len(PPTX_TAIL)
    crc = repeated_crc(PPTX_HEAD, unit, units, PPTX_TAIL)
    return raw_zip([stored("[Content_Types].xml", b"<Types/>"),
                    deflated("ppt/presentation.xml", presentation, size, crc)])  # fmt: skip


def ratio_bomb(inflated: int) -> bytes:
    """An ODP whose content.xml is ``inflated`` bytes of blanks in one element."""
    content = repeated_deflate(ODP_HEAD, b" " * 1024, inflated // 1024, ODP_TAIL)
    return raw_zip([stored("mimetype", ODP_MIMETYPE),
                    deflated("content.xml", content, inflated)])  # fmt: skip


def varied_elements(count: int) -> bytes:
    """An ODP of ``count`` paragraphs whose numbers keep the ratio honest (about 3)."""
    body = b"".join(b'<text:p n="%d"/>' % (n * 7919 % 1_000_003) for n in range(count))
    data = zlib.compress(ODP_HEAD + body + ODP_TAIL, 1)[2:-4]
    size = len(ODP_HEAD) + len(body) + len(ODP_TAIL)
    return raw_zip([stored("mimetype", ODP_MIMETYPE),
                    deflated("content.xml", data, size)])  # fmt: skip


def huge_member(inflated: int) -> bytes:
    """A PPTX whose presentation.xml inflates past the member budget at an honest
    ratio (about 20): each element holds a random number and a run of blanks."""
    rng = random.Random(16)  # noqa: S311 - test data, not a secret
    unit = 320
    body = b"".join(b'<p:x a="%016x"/>' % rng.getrandbits(64) + b" " * (unit - 25)
                    for _ in range(inflated // unit))  # fmt: skip
    data = zlib.compress(PPTX_HEAD + body + PPTX_TAIL, 1)[2:-4]
    size = len(PPTX_HEAD) + len(body) + len(PPTX_TAIL)
    return raw_zip([deflated("ppt/presentation.xml", data, size)])


def many_entries(count: int, declared: int | None = None, padding: int = 0) -> bytes:
    """A PPTX-looking zip of ``count`` empty entries (``declared`` in the header),
    their names lengthened by ``padding`` bytes."""
    members = [stored("ppt/presentation.xml", PPTX_HEAD + PPTX_TAIL)]
    pad = "x" * padding
    members += [stored(f"ppt/slides/{pad}slide{n}.xml", b"") for n in range(count)]
    return raw_zip(members, entries_declared=declared)


def pdf_of(objects: list[bytes], size: int | None = None) -> bytes:
    """A PDF of the bodies of objects 1..n (1 is the catalog), with its xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    declared = size if size is not None else len(objects) + 1
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (declared, xref))  # fmt: skip
    return out.getvalue()


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def deep_pdf(depth: int) -> bytes:
    """A page tree that is a chain of ``depth`` nodes down to one page."""
    nodes = [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (n + 3)
             for n in range(depth)]  # fmt: skip
    return pdf_of([CATALOG, *nodes, b"<< /Type /Page /MediaBox [0 0 1 1] >>"])


def cyclic_pdf() -> bytes:
    """A page tree whose two nodes are each other's kid."""
    return pdf_of([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                   b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])  # fmt: skip


def wide_pdf(pages: int, fan: int = 1000) -> bytes:
    """A balanced tree of ``pages`` tiny pages under nodes of ``fan`` kids."""
    groups = (pages + fan - 1) // fan
    first = 3 + groups
    top = b" ".join(b"%d 0 R" % (3 + g) for g in range(groups))
    objects = [CATALOG, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (top, pages)]
    for g in range(groups):
        kids = range(first + g * fan, min(first + (g + 1) * fan, first + pages))
        refs = b" ".join(b"%d 0 R" % k for k in kids)
        objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids)))
    objects += [b"<< /Type /Page >>"] * pages
    return pdf_of(objects)
