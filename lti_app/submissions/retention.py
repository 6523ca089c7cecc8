"""Retention: submitted and feedback files deleted some days after a course ends.

A course ends at its last due date: the latest due date, cut-off or extension of
any of its assignments (deleted ones included, their files are still held). An
assignment with no date at all leaves the course open-ended: nothing is deleted
until it gets one. After ``retention_days`` (the course's, else the platform's
CARTABLE_RETENTION_DAYS; 0 = no limit) the files go; the rows of grades, versions
and dates stay, so the gradebook and the history remain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from lti_app import storage
from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.models import Assignment, Extension, SubmissionFile


@dataclass(frozen=True)
class CourseRetention:
    """When a course's files are due for deletion (None: not yet known, or never)."""

    course_id: int
    days: int
    last_due: datetime | None
    delete_after: datetime | None


@dataclass(frozen=True)
class ExpiredFile:
    """A stored file the retention rule has run out for."""

    course_id: int
    key: str
    size: int
    row_id: int
    feedback: bool = False

    @property
    def label(self) -> str:
        """What the file is, by row id (no names: this goes to logs)."""
        if self.feedback:
            return f"feedback file of grade {self.row_id}"
        return f"submission file {self.row_id}"


@dataclass
class Summary:
    """What a run deleted (or would): counts per course, never names."""

    dry_run: bool
    files: list[ExpiredFile] = field(default_factory=list)

    def per_course(self) -> dict[int, int]:
        """Files per course id."""
        counts: dict[int, int] = defaultdict(int)
        for item in self.files:
            counts[item.course_id] += 1
        return dict(counts)

    @property
    def size(self) -> int:
        """Bytes freed."""
        return sum(item.size for item in self.files)


def _last_dues(course_ids: Iterable[int]) -> dict[int, datetime | None]:
    """Each course's last due date; None when one assignment has no date at all."""
    wanted = list(course_ids)
    extended = dict(
        db.session.execute(
            select(Extension.assignment_id, func.max(Extension.due_at))
            .where(Extension.course_id.in_(wanted))
            .group_by(Extension.assignment_id)
        ).all()
    )
    rows = db.session.execute(
        select(Assignment.id, Assignment.course_id, Assignment.due_at,
               Assignment.cutoff_at).where(Assignment.course_id.in_(wanted))
    )  # fmt: skip
    found: dict[int, datetime | None] = {}
    open_ended: set[int] = set()
    for assignment_id, course_id, due, cutoff in rows:
        dates = [d for d in (due, cutoff, extended.get(assignment_id)) if d]
        if not dates:
            open_ended.add(course_id)
            continue
        latest = max(dates)
        current = found.get(course_id)
        found[course_id] = latest if current is None else max(current, latest)
    return {c: None if c in open_ended else found.get(c) for c in wanted}


def course_retention(course_id: int, default_days: int) -> CourseRetention:
    """The rule as it applies to one course today (for the assignment page)."""
    course = db.session.get(Course, course_id)
    own = course.retention_days if course is not None else None
    days = default_days if own is None else own
    last_due = _last_dues([course_id])[course_id]
    after = last_due + timedelta(days=days) if last_due and days > 0 else None
    return CourseRetention(course_id, days, last_due, after)


def _courses_with_files() -> set[int]:
    submitted = select(SubmissionFile.course_id).distinct()
    graded = select(Grade.course_id).where(Grade.feedback_key.is_not(None)).distinct()
    return set(db.session.scalars(submitted)) | set(db.session.scalars(graded))


def expired_courses(now: datetime, default_days: int) -> list[int]:
    """Courses whose files have outlived the rule."""
    candidates = _courses_with_files()
    if not candidates:
        return []
    own = dict(
        db.session.execute(
            select(Course.id, Course.retention_days).where(Course.id.in_(candidates))
        ).all()
    )
    expired = []
    for course_id, last_due in _last_dues(candidates).items():
        setting = own.get(course_id)
        days = default_days if setting is None else setting
        if last_due is not None and days > 0 and last_due + timedelta(days=days) <= now:
            expired.append(course_id)
    return sorted(expired)


def list_expired(now: datetime, default_days: int) -> list[ExpiredFile]:
    """Every file the rule deletes now, submitted files first, by course."""
    courses = expired_courses(now, default_days)
    if not courses:
        return []
    files = db.session.execute(
        select(SubmissionFile.course_id, SubmissionFile.storage_key,
               SubmissionFile.size, SubmissionFile.id)
        .where(SubmissionFile.course_id.in_(courses))
        .order_by(SubmissionFile.course_id, SubmissionFile.id)
    )  # fmt: skip
    feedback = db.session.execute(
        select(Grade.course_id, Grade.feedback_key, Grade.feedback_size, Grade.id)
        .where(Grade.course_id.in_(courses), Grade.feedback_key.is_not(None))
        .order_by(Grade.course_id, Grade.id)
    )
    found = [ExpiredFile(c, k, s, i) for c, k, s, i in files]
    found += [
        ExpiredFile(c, str(k), s or 0, i, feedback=True) for c, k, s, i in feedback
    ]
    return found


def apply_retention(now: datetime, default_days: int, *, dry_run: bool) -> Summary:
    """Delete the expired files: rows in one transaction, then the stored files.

    A crash between the two leaves only orphans, which ``storage verify
    --remove-orphans`` clears; never a row pointing to a deleted file.
    """
    summary = Summary(dry_run, list_expired(now, default_days))
    if dry_run or not summary.files:
        db.session.rollback()
        return summary
    # By row and key: a file added or replaced since the listing is not touched.
    submitted = [item.row_id for item in summary.files if not item.feedback]
    if submitted:
        db.session.execute(
            delete(SubmissionFile).where(SubmissionFile.id.in_(submitted))
        )
    for item in summary.files:
        if item.feedback:
            db.session.execute(
                update(Grade)
                .where(Grade.id == item.row_id, Grade.feedback_key == item.key)
                .values(feedback_key=None, feedback_filename=None, feedback_size=None,
                        feedback_sha256=None, feedback_kind=None)
            )  # fmt: skip
    db.session.commit()
    backend = storage.get_storage()
    for item in summary.files:
        backend.delete(item.key)
    return summary
