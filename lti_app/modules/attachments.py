"""Images and PDFs of a module: type checked by content, stored under random names."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from typing import IO

from sqlalchemy import select

from lti_app.backup.sources import DataFile
from lti_app.extensions import db
from lti_app.modules.errors import AttachmentTooLargeError, AttachmentTypeError
from lti_app.modules.models import Module, ModuleAttachment
from lti_app.storage import get_storage

# The storage area of module files: ``<CARTABLE_DATA_DIR>/attachments``.
AREA = "attachments"

# Leading bytes -> content type. SVG (scriptable) and everything else is refused.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
EXTENSIONS = {
    "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
    "image/webp": "webp", "application/pdf": "pdf",
}  # fmt: skip


def sniff(head: bytes) -> str | None:
    """The content type the first bytes prove, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def safe_filename(name: str, content_type: str) -> str:
    """An ASCII name for headers and display, with the extension of its real type."""
    stem = Path(name.replace("\\", "/")).name.rsplit(".", 1)[0]
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    clean = re.sub(r"[^A-Za-z0-9_-]+", "-", folded).strip("-")[:80] or "fichier"
    return f"{clean}.{EXTENSIONS[content_type]}"


def attachment_key(course_id: int, stored_name: str) -> str:
    """Where a course's file lives in the attachments storage area."""
    return f"{int(course_id)}/{stored_name}"


def read_upload(stream: IO[bytes], limit: int) -> tuple[bytes, str]:
    """The bytes and proven type of an upload; errors when too big or not allowed."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise AttachmentTooLargeError(limit)
    content_type = sniff(data[:16])
    if content_type is None:
        raise AttachmentTypeError()
    return data, content_type


def add_attachment(module: Module, actor_id: int | None, name: str, data: bytes,
                   content_type: str) -> ModuleAttachment:  # fmt: skip
    """Write the file atomically (hashed as written), then record it."""
    stored = get_storage(AREA).put(io.BytesIO(data), str(int(module.course_id)))
    row = ModuleAttachment(
        course_id=module.course_id, module_id=module.id,
        stored_name=stored.key.rsplit("/", 1)[1],
        filename=safe_filename(name, content_type), content_type=content_type,
        size=stored.size, sha256=stored.sha256, uploaded_by=actor_id,
    )  # fmt: skip
    db.session.add(row)
    db.session.commit()
    return row


def list_attachments(module: Module) -> list[ModuleAttachment]:
    """The module's files, oldest first."""
    return list(
        db.session.scalars(
            select(ModuleAttachment)
            .where(
                ModuleAttachment.course_id == module.course_id,
                ModuleAttachment.module_id == module.id,
            )
            .order_by(ModuleAttachment.id)
        )
    )


def find_attachment(module: Module, attachment_id: int) -> ModuleAttachment | None:
    """One file of this module (and so of its course)."""
    return db.session.scalar(
        select(ModuleAttachment).where(
            ModuleAttachment.id == attachment_id,
            ModuleAttachment.course_id == module.course_id,
            ModuleAttachment.module_id == module.id,
        )
    )


def read_attachment(row: ModuleAttachment) -> bytes | None:
    """The file's bytes (files are small: size-limited), or None when lost."""
    store = get_storage(AREA)
    key = attachment_key(row.course_id, row.stored_name)
    if not store.exists(key):
        return None
    with store.open(key) as handle:
        return handle.read()


def delete_attachment(row: ModuleAttachment) -> None:
    """Forget the file and remove it from the storage."""
    key = attachment_key(row.course_id, row.stored_name)
    db.session.delete(row)
    db.session.commit()
    get_storage(AREA).delete(key)


def list_attachment_paths() -> list[DataFile]:
    """Every attachment's file, relative to the data directory (for backups)."""
    rows = db.session.execute(
        select(ModuleAttachment.id, ModuleAttachment.course_id,
               ModuleAttachment.stored_name).order_by(ModuleAttachment.id)
    )  # fmt: skip
    return [
        DataFile(f"attachments/{course_id}/{name}", f"module attachment {row_id}")
        for row_id, course_id, name in rows
    ]
