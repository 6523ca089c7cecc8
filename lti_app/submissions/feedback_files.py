"""Feedback files: one per student, alone or many at once from a zip archive.

A bulk archive holds one folder per student named as in the submissions archive
(``Nom_Prénom_id``); the id after the last ``_`` picks the student. Entries that
match nobody, or are not PDF/PPTX/ODP by content, are reported, never guessed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import IO

from lti_app import storage
from lti_app.extensions import db
from lti_app.submissions import filetypes
from lti_app.submissions.errors import TooLargeError
from lti_app.submissions.grade_service import FeedbackFile, attach_feedback_file
from lti_app.submissions.grading import Row
from lti_app.submissions.grading_errors import ArchiveError, FeedbackFileError
from lti_app.submissions.models import Assignment
from lti_app.submissions.names import safe_filename

MAX_ENTRIES = 1000
# zipfile never reads past an entry's declared size: the sum bounds the disk used.
MAX_TOTAL = 2 * 1024**3
_SKIPPED = ("__MACOSX/", ".DS_Store", "Thumbs.db")


def store_feedback_file(stream: IO[bytes], sent_name: str, course_id: int,
                        limit: int) -> FeedbackFile:  # fmt: skip
    """Write, prove the type by content, then commit; nothing kept on refusal."""
    pending = storage.get_storage().begin(f"feedback/{course_id}", limit)
    try:
        while chunk := stream.read(storage.CHUNK):
            pending.write(chunk)
        pending.close()
        try:
            kind = filetypes.inspect(pending.path).kind
        except filetypes.UnknownTypeError as error:
            raise FeedbackFileError() from error
        stored = pending.commit()
    except storage.TooLargeError as error:
        pending.abort()
        raise TooLargeError(error.limit) from error
    except BaseException:
        pending.abort()
        raise
    return FeedbackFile(stored, safe_filename(sent_name, kind), kind)


@dataclass
class BulkReport:
    """What a bulk upload did: files given to students, and what was left out."""

    attached: list[tuple[str, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def _student_id(path: str) -> str | None:
    folder, sep, _rest = path.partition("/")
    if not sep or "_" not in folder:
        return None
    return folder.rsplit("_", 1)[1] or None


def _entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_TOTAL:
        raise ArchiveError()
    return sorted(
        (i for i in infos if not any(s in i.filename for s in _SKIPPED)),
        key=lambda i: i.filename,
    )


def import_archive(assignment: Assignment, rows: list[Row],
                   upload: IO[bytes]) -> BulkReport:  # fmt: skip
    """Attach each matched file to its student's grade (one transaction)."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ArchiveError() from error
    by_id = {row.external_id: row for row in rows}
    report, dropped, done = BulkReport(), [], set()
    with archive:
        for info in _entries(archive):
            row = by_id.get(_student_id(info.filename) or "")
            if row is None or row.user.id in done:
                report.unmatched.append(info.filename)
                continue
            try:
                with archive.open(info) as source:
                    file = store_feedback_file(source, info.filename,
                                               assignment.course_id,
                                               assignment.max_bytes)  # fmt: skip
            except (FeedbackFileError, TooLargeError, zipfile.BadZipFile) as error:
                text = error.text() if hasattr(error, "text") else str(error)
                report.refused.append((info.filename, text))
                continue
            dropped += attach_feedback_file(assignment, row.user.id, file)
            done.add(row.user.id)
            report.attached.append((row.label, file.filename))
    db.session.commit()
    for key in dropped:
        storage.get_storage().delete(key)
    return report
