"""Module files as ``flask storage verify`` sees them: their own storage area."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from lti_app import storage
from lti_app.extensions import db
from lti_app.modules.attachments import AREA, attachment_key
from lti_app.modules.models import ModuleAttachment
from lti_app.storage_check import Expected, Inventory, register_inventory


def list_attachment_files() -> Iterator[Expected]:
    """Every module file's key, size and hash (None when stored before hashes)."""
    rows = db.session.execute(
        select(
            ModuleAttachment.id,
            ModuleAttachment.course_id,
            ModuleAttachment.stored_name,
            ModuleAttachment.size,
            ModuleAttachment.sha256,
        )
        .order_by(ModuleAttachment.id)
        .execution_options(yield_per=500)
    )
    for file_id, course_id, name, size, sha256 in rows:
        key = attachment_key(course_id, name)
        yield Expected(key, size, sha256, f"module file {file_id}")


def init_app(app: Flask) -> None:
    """The files live in ``<CARTABLE_DATA_DIR>/attachments``, where they always did."""
    storage.add_area(app, AREA, Path(app.config["CARTABLE_DATA_DIR"]) / AREA)
    register_inventory(
        app, Inventory("module attachments", list_attachment_files, area=AREA)
    )
