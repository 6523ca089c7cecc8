"""Submissions, files and released grades in a person's data export; their erasure.

A grade shows in the export once released, as the student's page shows it. An
erasure deletes the person's submissions and their files, extensions and every
grade not yet released; a released grade is already in the LMS gradebook: its
score stays (for the course's records), its feedback text and file go.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.privacy import (
    PartErasure,
    PartExport,
    Person,
    PrivacyPart,
    delete_where,
    iso_time,
)
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.models import (
    Assignment,
    Extension,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)


def _versions(submission: Submission, files: list[tuple[str, str]]) -> list[Any]:
    rows = db.session.scalars(
        select(SubmissionVersion)
        .where(SubmissionVersion.submission_id == submission.id)
        .order_by(SubmissionVersion.number)
    )
    versions = []
    for version in rows:
        listed = []
        for file in version.files:
            name = f"submissions/{submission.id}/v{version.number}/{file.position}-{file.filename}"
            files.append((name, file.storage_key))
            listed.append({"file": name, "sent_name": file.filename,
                           "size": file.size, "sha256": file.sha256})  # fmt: skip
        versions.append({"version": version.number, "sent_at": iso_time(version.created_at),
                         "submitted_at": iso_time(version.submitted_at),
                         "late": version.late, "files": listed})  # fmt: skip
    return versions


def _grade(grade: Grade | None, files: list[tuple[str, str]]) -> dict[str, Any] | None:
    if grade is None or not grade.is_released:
        return None
    if grade.feedback_key:
        name = f"feedback/{grade.id}-{grade.feedback_filename or 'feedback'}"
        files.append((name, grade.feedback_key))
    else:
        name = None
    return {"score": grade.score, "feedback": grade.feedback,
            "feedback_file": name, "released_at": iso_time(grade.released_at)}  # fmt: skip


def export_submissions(person: Person) -> PartExport:
    """Per assignment: submissions with their files, released grade, extension."""
    files: list[tuple[str, str]] = []
    assignments = db.session.scalars(
        select(Assignment)
        .where(Assignment.course_id.in_(person.course_ids))
        .order_by(Assignment.id)
    )
    items = []
    for assignment in assignments:
        submission = _find(Submission, assignment, person.user_id)
        grade = _find(Grade, assignment, person.user_id)
        extension = _find(Extension, assignment, person.user_id)
        if submission is None and grade is None and extension is None:
            continue
        items.append({
            "assignment_id": assignment.id, "course_id": assignment.course_id,
            "assignment": assignment.title, "points": assignment.points,
            "status": submission.status if submission else None,
            "versions": _versions(submission, files) if submission else [],
            "grade": _grade(grade, files),
            "extended_to": iso_time(extension.due_at) if extension else None,
        })  # fmt: skip
    return PartExport({"assignments": items}, files)


def _find(model: Any, assignment: Assignment, user_id: int) -> Any:
    return db.session.scalar(
        select(model).where(
            model.assignment_id == assignment.id, model.user_id == user_id
        )
    )


def erase_submissions(person: Person) -> PartErasure:
    """Submissions and their files go; a released grade keeps its score only."""
    result = PartErasure()
    keys = db.session.scalars(
        select(SubmissionFile.storage_key)
        .join(SubmissionVersion, SubmissionVersion.id == SubmissionFile.version_id)
        .join(Submission, Submission.id == SubmissionVersion.submission_id)
        .where(Submission.user_id == person.user_id)
    ).all()
    result.files.extend(keys)
    mine = Submission.user_id == person.user_id
    result.removed["submissions"] = delete_where(Submission, mine)
    result.removed["files"] = len(keys)
    extensions = Extension.user_id == person.user_id
    result.removed["extensions"] = delete_where(Extension, extensions)
    kept = removed = 0
    for grade in db.session.scalars(
        select(Grade).where(Grade.user_id == person.user_id)
    ).all():
        if grade.feedback_key:
            result.files.append(grade.feedback_key)
        if grade.is_released:
            grade.feedback, grade.feedback_key = "", None
            grade.feedback_filename = grade.feedback_sha256 = None
            grade.feedback_size, grade.feedback_kind = None, None
            kept += 1
        else:
            db.session.delete(grade)
            removed += 1
    result.removed["grades"] = removed
    result.pseudonymised["grades"] = kept
    return result


PART = PrivacyPart(
    "submissions",
    _l("Dépôts, notes et retours publiés"),
    export_submissions,
    erase_submissions,
)
