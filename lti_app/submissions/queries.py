"""Reads of assignments and submissions, each filtered by course (and owner)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from lti_app.course.models import Course, Membership, User
from lti_app.extensions import db
from lti_app.submissions.models import (
    Assignment,
    Extension,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)


def find_assignment(course_id: int, assignment_id: int) -> Assignment | None:
    """An assignment of this course, outside the bin."""
    return db.session.scalar(
        select(Assignment).where(
            Assignment.id == assignment_id,
            Assignment.course_id == course_id,
            Assignment.deleted_at.is_(None),
        )
    )


def find_by_slug(course_id: int, slug: str) -> Assignment | None:
    """The assignment a deep link names, in this course."""
    return db.session.scalar(
        select(Assignment).where(
            Assignment.course_id == course_id,
            Assignment.slug == slug,
            Assignment.deleted_at.is_(None),
        )
    )


def list_assignments(course_id: int) -> list[Assignment]:
    """The course's assignments, by due date (undated last), then title."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.course_id == course_id, Assignment.deleted_at.is_(None))
            .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.title)
        )
    )


def course_time_zone(course_id: int) -> str:
    """The course's time zone name."""
    course = db.session.get(Course, course_id)
    return course.timezone if course is not None else "Europe/Paris"


def course_retention_days(course_id: int) -> int | None:
    """The course's own retention in days (None: the platform's default)."""
    course = db.session.get(Course, course_id)
    return course.retention_days if course is not None else None


def find_extension(assignment: Assignment, user_id: int) -> Extension | None:
    """One student's extension on this assignment."""
    return db.session.scalar(
        select(Extension).where(
            Extension.course_id == assignment.course_id,
            Extension.assignment_id == assignment.id,
            Extension.user_id == user_id,
        )
    )


def extension_date(assignment: Assignment, user_id: int) -> datetime | None:
    """The extended due date of this student, if any."""
    extension = find_extension(assignment, user_id)
    return extension.due_at if extension else None


def list_extensions(assignment: Assignment) -> list[tuple[Extension, User]]:
    """Every extension of the assignment with its student."""
    rows = db.session.execute(
        select(Extension, User)
        .join(User, User.id == Extension.user_id)
        .where(
            Extension.course_id == assignment.course_id,
            Extension.assignment_id == assignment.id,
        )
        .order_by(Extension.due_at)
    )
    return [(extension, user) for extension, user in rows]


def find_submission(assignment: Assignment, user_id: int) -> Submission | None:
    """This student's submission, if they ever uploaded."""
    return db.session.scalar(
        select(Submission).where(
            Submission.course_id == assignment.course_id,
            Submission.assignment_id == assignment.id,
            Submission.user_id == user_id,
        )
    )


def list_versions(submission: Submission) -> list[SubmissionVersion]:
    """Every version, newest first, with its files."""
    return list(
        db.session.scalars(
            select(SubmissionVersion)
            .where(
                SubmissionVersion.course_id == submission.course_id,
                SubmissionVersion.submission_id == submission.id,
            )
            .order_by(SubmissionVersion.number.desc())
        )
    )


def find_version(submission: Submission, number: int) -> SubmissionVersion | None:
    """One version of a submission already loaded for its owner or staff."""
    return db.session.scalar(
        select(SubmissionVersion).where(
            SubmissionVersion.course_id == submission.course_id,
            SubmissionVersion.submission_id == submission.id,
            SubmissionVersion.number == number,
        )
    )


def find_file(course_id: int, file_id: int, owner_id: int | None
              ) -> tuple[SubmissionFile, Submission] | None:  # fmt: skip
    """A file of this course; with ``owner_id``, only if that student sent it."""
    query = (
        select(SubmissionFile, Submission)
        .join(SubmissionVersion, SubmissionVersion.id == SubmissionFile.version_id)
        .join(Submission, Submission.id == SubmissionVersion.submission_id)
        .where(
            SubmissionFile.id == file_id,
            SubmissionFile.course_id == course_id,
            Submission.course_id == course_id,
        )
    )
    if owner_id is not None:
        query = query.where(Submission.user_id == owner_id)
    row = db.session.execute(query).first()
    return None if row is None else (row[0], row[1])


def list_submissions(assignment: Assignment) -> list[tuple[Submission, User]]:
    """Every submission of the assignment with its student, by name."""
    rows = db.session.execute(
        select(Submission, User)
        .join(User, User.id == Submission.user_id)
        .where(
            Submission.course_id == assignment.course_id,
            Submission.assignment_id == assignment.id,
        )
        .order_by(User.family_name, User.given_name, User.name, User.id)
    )
    return [(submission, user) for submission, user in rows]


def list_students(course_id: int) -> list[User]:
    """The course's students (as their last launch said), by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.course_id == course_id,
                Membership.lti_role == "student",
                Membership.granted_assistant.is_(False),
            )
            .order_by(User.family_name, User.given_name, User.name, User.id)
        )
    )


def find_student(course_id: int, user_id: int) -> User | None:
    """A student of this course."""
    return db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.course_id == course_id,
            Membership.user_id == user_id,
            Membership.lti_role == "student",
        )
    )
