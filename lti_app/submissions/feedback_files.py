"""Feedback files: one per student, alone or many at once from a zip archive.

A bulk archive holds one folder per student named as in the submissions archive
(``Nom_Prénom_id``); the id after the last ``_`` picks the student. Entries that
match nobody, or are not PDF/PPTX/ODP by content, are reported, never guessed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import IO

from lti_app import budgets, storage
from lti_app.extensions import db
from lti_app.submissions import filetypes
from lti_app.submissions.bounded import (
    Deadline,
    Inflated,
    LimitReachedError,
    Readable,
    open_zip,
)
from lti_app.submissions.errors import TooLargeError, UploadLimitError
from lti_app.submissions.grade_service import FeedbackFile, attach_feedback_file
from lti_app.submissions.grading import Row
from lti_app.submissions.grading_errors import ArchiveError, FeedbackFileError
from lti_app.submissions.models import Assignment
from lti_app.submissions.names import safe_filename, shown_filename

_SKIPPED = ("__MACOSX/", ".DS_Store", "Thumbs.db")


def store_feedback_file(stream: Readable, sent_name: str, course_id: int,
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
        except filetypes.LimitReachedError as error:
            name = shown_filename(sent_name)
            raise UploadLimitError(name, error.code, error.limit) from error
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
    return sorted(
        (i for i in archive.infolist()
         if not i.is_dir() and not any(s in i.filename for s in _SKIPPED)),
        key=lambda i: i.filename,
    )  # fmt: skip


def _open_archive(upload: IO[bytes], name: str) -> zipfile.ZipFile:
    try:
        return open_zip(upload, budgets.FEEDBACK_ARCHIVE_MAX_ENTRIES)
    except LimitReachedError as error:
        raise UploadLimitError(name, error.code, error.limit) from error
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ArchiveError() from error


def import_archive(assignment: Assignment, rows: list[Row], upload: IO[bytes],
                   name: str = "archive.zip") -> BulkReport:  # fmt: skip
    """Attach each matched file to its student's grade (one transaction).

    Every byte inflated is counted: an entry past the assignment's size or the
    compression ratio is reported and skipped; past the archive's total or its
    time, the whole import stops and nothing is kept.
    """
    by_id = {row.external_id: row for row in rows}
    report, dropped, added = BulkReport(), list[str](), list[_Added]()
    with _open_archive(upload, name) as archive:
        inflated = Inflated(Deadline(budgets.FEEDBACK_ARCHIVE_CPU_SECONDS),
                            upload.seek(0, 2), budgets.FEEDBACK_ARCHIVE_MAX_BYTES)  # fmt: skip
        try:
            for info in _entries(archive):
                row = by_id.get(_student_id(info.filename) or "")
                if row is None or row.user.id in {item.row.user.id for item in added}:
                    report.unmatched.append(info.filename)
                    continue
                file = _store_entry(assignment, archive, info, inflated, report)
                if file is not None:
                    dropped += attach_feedback_file(assignment, row.user.id, file)
                    added.append(_Added(row, file))
                    report.attached.append((row.label, file.filename))
        except UploadLimitError:
            db.session.rollback()
            for item in added:
                storage.get_storage().delete(item.file.stored.key)
            raise
    db.session.commit()
    for key in dropped:
        storage.get_storage().delete(key)
    return report


@dataclass(frozen=True)
class _Added:
    row: Row
    file: FeedbackFile


# Budgets of the whole archive: past them, the import stops rather than skips.
_WHOLE_ARCHIVE = {"zip-total-bytes", "cpu-time"}


def _store_entry(assignment: Assignment, archive: zipfile.ZipFile,
                 info: zipfile.ZipInfo, inflated: Inflated,
                 report: BulkReport) -> FeedbackFile | None:  # fmt: skip
    """One entry stored, or its refusal added to ``report``."""
    try:
        with inflated.open(archive, info, assignment.max_bytes + 1) as source:
            return store_feedback_file(source, info.filename,
                                       assignment.course_id, assignment.max_bytes)  # fmt: skip
    except LimitReachedError as error:
        refusal = UploadLimitError(info.filename, error.code, error.limit)
        if error.code in _WHOLE_ARCHIVE:
            raise refusal from error
        report.refused.append((info.filename, refusal.text()))
    except (FeedbackFileError, TooLargeError, UploadLimitError) as error:
        report.refused.append((info.filename, error.text()))
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError):
        report.refused.append((info.filename, ArchiveError().text()))
    return None
