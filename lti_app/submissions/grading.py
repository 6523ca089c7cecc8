"""The staff side of an assignment: who sent what, scores and feedback.

The table is the course's students (memberships; the NRPS roster refresh fills in
those who never launched) joined with their submissions and grades, so that who
has sent nothing shows. With blind marking, staff see participant numbers until
the grades are released.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select

from lti_app.course.models import Membership, User
from lti_app.course.names import person_key
from lti_app.course.roster import RosterEntry
from lti_app.extensions import db
from lti_app.lti.claims import STUDENT
from lti_app.submissions.grade_models import Grade, GradeRelease
from lti_app.submissions.models import Assignment, Submission, SubmissionVersion

FILTERS = ("all", "missing", "late", "graded", "ungraded", "queued", "released")
_UNSAFE = re.compile(r"[^\w-]+")


@dataclass(frozen=True)
class Row:
    """One student of the table: identity (or participant number) and state."""

    membership: Membership
    user: User
    submission: Submission | None
    grade: Grade | None
    participant: int
    hidden: bool

    @property
    def label(self) -> str:
        """What staff see: the name, or the participant number under blind marking."""
        if self.hidden:
            return _("Participant·e %(n)d", n=self.participant)
        return self.user.display_name

    @property
    def external_id(self) -> str:
        """The id bulk feedback and the CSV match on: the LMS id, or the number."""
        return str(self.participant) if self.hidden else self.user.sub

    @property
    def folder(self) -> str:
        """``Nom_Prénom_id``: a safe folder name for the zip archive."""
        if self.hidden:
            return f"Participant_{self.participant}"
        user = self.user
        parts = [user.family_name or "", user.given_name or ""]
        if not any(parts):
            parts = [user.name or ""]
        return "_".join(safe_part(p) for p in [*parts, user.sub] if safe_part(p))

    @property
    def submitted(self) -> bool:
        """A version that counts exists (a draft alone does not)."""
        sub = self.submission
        return sub is not None and sub.current_version > 0 and sub.status == "submitted"

    def matches(self, name: str) -> bool:
        """Whether the row passes one of :data:`FILTERS`."""
        grade = self.grade
        graded = grade is not None and grade.is_graded
        return {
            "all": True,
            "missing": not self.submitted,
            "late": self.submitted and bool(self.submission and self.submission.late),
            "graded": graded,
            "ungraded": self.submitted and not graded,
            "queued": graded and grade is not None and not grade.is_released,
            "released": grade is not None and grade.is_released,
        }.get(name, True)


def safe_part(text: str) -> str:
    """Letters (accents kept), digits and hyphens; anything else becomes ``-``."""
    return _UNSAFE.sub("-", text.replace("_", "-")).strip("-")[:60]


def participant_number(assignment_id: int, user_id: int) -> int:
    """A stable six-digit number per student and assignment that reveals nobody."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, f"blind:{assignment_id}:{user_id}".encode(), hashlib.sha256)
    return 100_000 + int.from_bytes(digest.digest()[:8], "big") % 900_000


def identities_hidden(assignment: Assignment) -> bool:
    """Blind marking hides names until the first release shows grades and names."""
    if not assignment.blind_marking:
        return False
    revealed = db.session.scalar(
        select(GradeRelease.id).where(
            GradeRelease.assignment_id == assignment.id,
            GradeRelease.course_id == assignment.course_id,
            GradeRelease.revealed_identities.is_(True),
        )
    )
    return revealed is None


def list_rows(assignment: Assignment, show: str = "all") -> list[Row]:
    """Every student of the course, and anyone who submitted, with their state."""
    course_id = assignment.course_id
    submitted_users = select(Submission.user_id).where(
        Submission.assignment_id == assignment.id, Submission.course_id == course_id
    )
    graded_users = select(Grade.user_id).where(
        Grade.assignment_id == assignment.id, Grade.course_id == course_id
    )
    # Students the LMS roster no longer lists as active (suspended, unenrolled) are
    # left out, as Moodle's "active enrolments only" does, unless they have work or
    # a grade here: that is never hidden.
    enrolled = or_(RosterEntry.status.is_(None), RosterEntry.status == "Active")
    members = db.session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .outerjoin(RosterEntry, RosterEntry.membership_id == Membership.id)
        .where(
            Membership.course_id == course_id,
            or_(
                (Membership.lti_role == STUDENT)
                & Membership.granted_assistant.is_(False)
                & enrolled,
                Membership.user_id.in_(submitted_users),
                Membership.user_id.in_(graded_users),
            ),
        )
    ).all()
    submissions = _by_user(Submission, assignment)
    grades = _by_user(Grade, assignment)
    hidden = identities_hidden(assignment)
    rows = [
        Row(
            membership,
            user,
            submissions.get(user.id),
            grades.get(user.id),
            participant_number(assignment.id, user.id),
            hidden,
        )
        for membership, user in members
    ]
    if hidden:
        rows.sort(key=lambda r: r.participant)
    else:
        rows.sort(key=lambda r: person_key(r.user))
    return [row for row in rows if row.matches(show)]


def _by_user(model: type[Submission] | type[Grade], assignment: Assignment) -> dict:  # type: ignore[type-arg]
    rows = db.session.scalars(
        select(model).where(
            model.assignment_id == assignment.id,
            model.course_id == assignment.course_id,
        )
    )
    return {row.user_id: row for row in rows}


def find_row(assignment: Assignment, membership_id: int) -> Row | None:
    """The row of one membership of the assignment's course, or None."""
    for row in list_rows(assignment):
        if row.membership.id == membership_id:
            return row
    return None


def current_version(submission: Submission | None) -> SubmissionVersion | None:
    """The version that counts, with its files."""
    if submission is None or submission.current_version == 0:
        return None
    return db.session.scalar(
        select(SubmissionVersion).where(
            SubmissionVersion.submission_id == submission.id,
            SubmissionVersion.course_id == submission.course_id,
            SubmissionVersion.number == submission.current_version,
        )
    )
