"""Real files built in the test: PPTX and ODP zips, PDFs, executables."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfWriter

PPTX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/ppt/presentation.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'
)

PML = "http://schemas.openxmlformats.org/presentationml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def presentation_xml(slides: int = 1) -> str:
    """``ppt/presentation.xml`` listing ``slides`` slides, as PowerPoint writes it."""
    ids = "".join(
        f'<p:sldId id="{255 + n}" r:id="rId{n}"/>' for n in range(1, slides + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<p:presentation xmlns:p="{PML}" xmlns:r="{RELATIONSHIPS}">'
        f"<p:sldIdLst>{ids}</p:sldIdLst></p:presentation>"
    )


def pptx(slides: int = 1) -> bytes:
    """A PowerPoint package with ``slides`` slides."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", PPTX_TYPES)
        archive.writestr("ppt/presentation.xml", presentation_xml(slides))
        for n in range(1, slides + 1):
            archive.writestr(f"ppt/slides/slide{n}.xml", f"<p:sld>{n}</p:sld>")
            archive.writestr(f"ppt/slides/_rels/slide{n}.xml.rels", "<Relationships/>")
    return buffer.getvalue()


def odp(pages: int = 1) -> bytes:
    """An Impress document with ``pages`` draw:page elements."""
    body = "".join(f'<draw:page draw:name="p{n}"/>' for n in range(pages))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<office:document-content "
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0">'
        f"<office:body><office:presentation>{body}</office:presentation></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.presentation",
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def pdf(pages: int = 1) -> bytes:
    """A PDF of blank pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"\x90" * 512
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00"
    + b"\x00" * 56
    + b"This program cannot be run in DOS mode"
)


def docx() -> bytes:
    """A zip that is a Word document: a zip, but not an accepted presentation."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def zip_bomb_odp(inflated: int) -> bytes:
    """An ODP whose content.xml inflates to ``inflated`` bytes of blanks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.presentation",
        )
        with archive.open("content.xml", "w", force_zip64=True) as member:
            member.write(b"<office:document-content>")
            block = b" " * (1024 * 1024)
            for _ in range(inflated // len(block)):
                member.write(block)
    return buffer.getvalue()
