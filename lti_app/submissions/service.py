"""Write side of the drop-off: assignments, extensions, versions of submissions.

Each function is one unit of work and one transaction; none reads the request.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.storage import Storage, Stored
from lti_app.submissions import deadlines, filetypes, queries
from lti_app.submissions.errors import (
    AttemptsExhaustedError,
    ClosedError,
    NothingToSubmitError,
    NotOpenError,
    TypeRefusedError,
    UploadLimitError,
)
from lti_app.submissions.models import (
    Assignment,
    Extension,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from lti_app.submissions.names import safe_filename, shown_filename
from lti_app.submissions.receiving import Received


@dataclass(frozen=True)
class Settings:
    """An assignment's settings as a form gives them (dates already in UTC)."""

    title: str
    instructions: str
    opens_at: datetime | None
    due_at: datetime | None
    cutoff_at: datetime | None
    accepted_kinds: list[str]
    max_bytes: int
    max_files: int
    attempts_allowed: int
    points: float
    require_submit: bool
    blind_marking: bool
    expected_pages: int | None


def _slug(course_id: int, title: str) -> str:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:100] or "devoir"
    slug, n = base, 1
    while queries.find_by_slug(course_id, slug) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_assignment(course_id: int, settings: Settings) -> Assignment:
    """A new assignment in the course."""
    assignment = Assignment(course_id=course_id, slug=_slug(course_id, settings.title))
    _apply(assignment, settings)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def update_assignment(assignment: Assignment, settings: Settings) -> Assignment:
    """Change the settings; submissions already made keep their versions."""
    _apply(assignment, settings)
    db.session.commit()
    return assignment


def _apply(assignment: Assignment, settings: Settings) -> None:
    for name, value in vars(settings).items():
        setattr(assignment, name, value)


def set_time_zone(course_id: int, tz_name: str) -> None:
    """Change the course's time zone (dates stay the same instants)."""
    course = db.session.get(Course, course_id)
    if course is not None:
        course.timezone = tz_name
        db.session.commit()


def set_retention_days(course_id: int, days: int | None) -> None:
    """Keep the course's files so many days after its last due date (None: default)."""
    course = db.session.get(Course, course_id)
    if course is not None:
        course.retention_days = days
        db.session.commit()


def grant_extension(assignment: Assignment, user_id: int, due_at: datetime,
                    actor_id: int | None) -> Extension:  # fmt: skip
    """Give one student a later due date (replacing an earlier extension)."""
    extension = queries.find_extension(assignment, user_id)
    if extension is None:
        extension = Extension(course_id=assignment.course_id,
                              assignment_id=assignment.id, user_id=user_id,
                              due_at=due_at)  # fmt: skip
        db.session.add(extension)
    extension.due_at, extension.granted_by = due_at, actor_id
    db.session.commit()
    return extension


def revoke_extension(assignment: Assignment, user_id: int) -> None:
    """Back to the assignment's own dates for that student."""
    extension = queries.find_extension(assignment, user_id)
    if extension is not None:
        db.session.delete(extension)
        db.session.commit()


def window_of(assignment: Assignment, user_id: int) -> deadlines.Window:
    """The dates that apply to this student."""
    return deadlines.window_for(assignment, queries.extension_date(assignment, user_id))


def submitted_count(submission: Submission | None) -> int:
    """How many versions were handed in (drafts do not count)."""
    if submission is None:
        return 0
    return sum(1 for v in queries.list_versions(submission) if v.submitted_at)


def check_can_upload(assignment: Assignment, user_id: int, now: datetime) -> str:
    """The phase, when this student may upload now; else the refusal."""
    phase = window_of(assignment, user_id).phase(now)
    if phase == deadlines.NOT_OPEN:
        raise NotOpenError()
    if phase == deadlines.CLOSED:
        raise ClosedError()
    limit = assignment.attempts_allowed
    submission = queries.find_submission(assignment, user_id)
    if limit and submitted_count(submission) >= limit:
        raise AttemptsExhaustedError()
    return phase


@dataclass(frozen=True)
class Checked:
    """A received file whose kind is proven and accepted."""

    index: int
    filename: str
    kind: str
    pages: int | None


def check_files(assignment: Assignment, received: Received) -> list[Checked]:
    """Prove each file's kind by content; refuse any kind the assignment refuses."""
    accepted = ", ".join(filetypes.LABELS[k] for k in assignment.accepted_kinds)
    checked = []
    for index, item in enumerate(received.files):
        item.pending.close()
        try:
            found = filetypes.inspect(item.pending.path)
        except filetypes.UnknownTypeError:
            found = None
        except filetypes.LimitReachedError as error:
            name = shown_filename(item.sent_name)
            raise UploadLimitError(name, error.code, error.limit) from error
        name = safe_filename(item.sent_name, found.kind if found else "bin")
        if found is None or found.kind not in assignment.accepted_kinds:
            raise TypeRefusedError(name, accepted)
        checked.append(Checked(index, name, found.kind, found.pages))
    return checked


def record_upload(assignment: Assignment, user_id: int, received: Received,
                  checked: list[Checked], now: datetime, storage: Storage,
                  notify: Callable[[SubmissionVersion], None] | None = None,
                  ) -> SubmissionVersion:  # fmt: skip
    """Store the files, then record them as the submission's next version.

    The files are renamed into place first: a crash before the commit leaves only
    files no row points to (``storage verify`` lists them), never a row without
    its file. ``notify`` may add to the session (the e-mail receipt). Two uploads
    of one person at once (a double click) may race for the first submission row
    or the next version number: the loser reads the winner's rows and tries again.
    """
    phase = check_can_upload(assignment, user_id, now)
    stored = [received.files[c.index].pending.commit() for c in checked]
    try:
        for attempt in range(_RACE_ATTEMPTS):
            try:
                version = _record(assignment, user_id, checked, stored, now,
                                  phase == deadlines.LATE, notify)  # fmt: skip
                db.session.commit()
                return version
            except IntegrityError:
                db.session.rollback()
                if attempt == _RACE_ATTEMPTS - 1:
                    raise
    except BaseException:
        db.session.rollback()
        for blob in stored:
            storage.delete(blob.key)
        raise
    raise AssertionError("unreachable")  # pragma: no cover


_RACE_ATTEMPTS = 3


def _record(assignment: Assignment, user_id: int, checked: list[Checked],
            stored: list[Stored], now: datetime, late: bool,
            notify: Callable[[SubmissionVersion], None] | None,
            ) -> SubmissionVersion:  # fmt: skip
    """The rows of one new version, flushed, not committed."""
    submission = queries.find_submission(assignment, user_id) or Submission(
        course_id=assignment.course_id, assignment_id=assignment.id,
        user_id=user_id, current_version=0, status="draft", late=False,
    )  # fmt: skip
    db.session.add(submission)
    submission.current_version += 1
    version = SubmissionVersion(course_id=assignment.course_id,
                                number=submission.current_version, created_at=now)  # fmt: skip
    if not assignment.require_submit:
        _mark_submitted(submission, version, now, late)
    else:
        submission.status = "draft"
    db.session.flush()
    version.submission_id = submission.id
    db.session.add(version)
    db.session.flush()
    for position, (item, blob) in enumerate(zip(checked, stored, strict=True)):
        version.files.append(_file_row(version, position, item, blob))
    db.session.flush()
    if notify is not None:
        notify(version)  # the receipt joins this transaction
    return version


def _file_row(version: SubmissionVersion, position: int, item: Checked,
              blob: Stored) -> SubmissionFile:  # fmt: skip
    return SubmissionFile(
        course_id=version.course_id, version_id=version.id, position=position,
        filename=item.filename, size=blob.size, sha256=blob.sha256, kind=item.kind,
        content_type=filetypes.CONTENT_TYPES[item.kind], storage_key=blob.key,
        pages=item.pages,
    )  # fmt: skip


def _mark_submitted(submission: Submission, version: SubmissionVersion,
                    now: datetime, late: bool) -> None:  # fmt: skip
    version.submitted_at, version.late = now, late
    submission.status, submission.submitted_at, submission.late = "submitted", now, late


def submit_draft(
    assignment: Assignment, user_id: int, now: datetime
) -> SubmissionVersion:
    """The student's "submit" click: the latest draft version is handed in."""
    phase = check_can_upload(assignment, user_id, now)
    submission = queries.find_submission(assignment, user_id)
    version = (
        queries.find_version(submission, submission.current_version)
        if submission is not None
        else None
    )
    if submission is None or version is None or version.submitted_at is not None:
        raise NothingToSubmitError()
    _mark_submitted(submission, version, now, phase == deadlines.LATE)
    db.session.commit()
    return version


def delete_assignment(assignment: Assignment, now: datetime) -> None:
    """Put the assignment in the bin (its submissions and files are kept)."""
    assignment.deleted_at = now
    db.session.commit()


def count_submitted(assignment: Assignment) -> int:
    """How many students handed something in."""
    rows = db.session.scalars(
        select(Submission.id).where(
            Submission.course_id == assignment.course_id,
            Submission.assignment_id == assignment.id,
            Submission.status == "submitted",
        )
    )
    return len(list(rows))
