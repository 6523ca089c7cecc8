"""Types by content, page and slide counts, and archives that try to hurt."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from lti_app import budgets
from lti_app.submissions import filetypes
from tests.submissions import files


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "upload"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "kind", "pages"),
    [
        pytest.param(files.pptx(1), "pptx", 1, id="pptx-1"),
        pytest.param(files.pptx(4), "pptx", 4, id="pptx-4"),
        pytest.param(files.odp(1), "odp", 1, id="odp-1"),
        pytest.param(files.odp(3), "odp", 3, id="odp-3"),
        pytest.param(files.pdf(1), "pdf", 1, id="pdf-1"),
        pytest.param(files.pdf(2), "pdf", 2, id="pdf-2"),
        pytest.param(b"%PDF-1.7\ngarbage", "pdf", None, id="pdf-uncountable"),
    ],
)
def test_kinds_and_counts(
    tmp_path: Path, data: bytes, kind: str, pages: int | None
) -> None:
    found = filetypes.inspect(_write(tmp_path, data))
    assert (found.kind, found.pages) == (kind, pages)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(files.ELF, id="elf"),
        pytest.param(files.EXE, id="exe"),
        pytest.param(files.docx(), id="docx"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 100, id="not-a-zip"),
        pytest.param(b"<svg onload=alert(1)>", id="svg"),
        pytest.param(b"", id="empty"),
    ],
)
def test_other_content_is_unknown(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(filetypes.UnknownTypeError):
        filetypes.inspect(_write(tmp_path, data))


def test_a_zip_bomb_stops_at_the_bound(tmp_path: Path) -> None:
    bomb = files.zip_bomb_odp(64 * 1024 * 1024)
    assert len(bomb) < 200 * 1024  # 64 MiB of blanks in a small file
    started = time.monotonic()
    with pytest.raises(filetypes.LimitReachedError) as refused:
        filetypes.inspect(_write(tmp_path, bomb))
    assert refused.value.code == "zip-ratio"
    assert time.monotonic() - started < 5


def test_too_many_entries_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", files.presentation_xml(1))
        for n in range(budgets.ZIP_MAX_ENTRIES + 1):
            archive.writestr(f"ppt/slides/slide{n}.xml", "")
    with pytest.raises(filetypes.LimitReachedError) as refused:
        filetypes.inspect(_write(tmp_path, buffer.getvalue()))
    assert refused.value.code == "zip-entries"


def test_entity_expansion_in_content_xml_is_refused(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<office:document-content xmlns:office="o">&b;</office:document-content>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        archive.writestr("content.xml", laughs)
    with pytest.raises(filetypes.UnknownTypeError):
        filetypes.inspect(_write(tmp_path, buffer.getvalue()))
