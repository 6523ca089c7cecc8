"""One zip of a person's data: a readable index, the JSON, and the stored files.

The index is rendered in the person's language; the JSON holds every part's
export as the registered parts returned it (see lti_app.privacy).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from flask import render_template
from flask_babel import force_locale

from lti_app.mydata.labels import field_label
from lti_app.privacy import (
    PartExport,
    Person,
    export_person,
    list_parts,
    now_iso,
)
from lti_app.storage import StorageError, get_storage


@dataclass(frozen=True)
class Built:
    """What went into an archive: how many entries per part, and files."""

    counts: dict[str, int]
    files: int


def count_items(data: Any) -> int:
    """How many things a part holds: the length of each list, summed."""
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        return sum(
            count_items(value)
            for value in data.values()
            if isinstance(value, list | dict)
        )
    return 0


def summary(person: Person) -> list[tuple[Any, int]]:
    """Each part's label and how many items it holds (for the page)."""
    exports = export_person(person)
    return [(part.label, count_items(exports[part.name].data)) for part in list_parts()]


def write_archive(person: Person, locale: str, out: IO[bytes]) -> Built:
    """Write the zip to ``out``; labels (pseudonyms, "Vous") in ``locale``."""
    with force_locale(locale):
        exports = export_person(person)
        document = {
            "generated_at": now_iso(),
            "issuer": person.issuer,
            "parts": {name: export.data for name, export in exports.items()},
        }
        index = render_template(
            "mydata/archive_index.html",
            document=document,
            parts=[(p, exports[p.name]) for p in list_parts()],
            locale=locale,
            field_label=field_label,
        )
    files = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", index)
        archive.writestr(
            "data.json", json.dumps(document, ensure_ascii=False, indent=2)
        )
        for export in exports.values():
            files += _add_files(archive, export)
    return Built({name: count_items(e.data) for name, e in exports.items()}, files)


def _add_files(archive: zipfile.ZipFile, export: PartExport) -> int:
    storage, added = get_storage(), 0
    for name, key in export.files:
        try:
            source = storage.open(key)
        except (StorageError, OSError):
            continue  # a missing file: ``storage verify`` reports it to the operator
        with source, archive.open(f"files/{name}", "w") as target:
            shutil.copyfileobj(source, target)
        added += 1
    return added
