"""The course roster from NRPS: everyone enrolled, launched or not, with their status.

It fills what Moodle's privacy setting "never" leaves out of launches (names,
e-mails) and tells who has not submitted. Names and e-mails are updated only when
the roster gives them; a person missing from the roster is marked absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from lti_app.course.endpoints import find_course_endpoint
from lti_app.course.models import Course, Membership, User
from lti_app.course.names import person_key
from lti_app.course.service import effective_role, ensure_membership, ensure_user
from lti_app.extensions import db
from lti_app.lti.claims import STAFF_ROLES
from lti_app.lti.clock import utcnow
from lti_app.lti.models import Platform
from lti_app.lti.nrps import Member, fetch_members

ABSENT = "Absent"


class RosterEntry(db.Model):  # type: ignore[name-defined,misc]
    """A membership's status on the LMS roster at the last refresh."""

    __tablename__ = "course_roster_entries"

    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(10))
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)


class RosterUnavailableError(LookupError):
    """No launch of this course has brought an NRPS URL yet."""


@dataclass(frozen=True)
class RosterRefresh:
    """What a refresh did."""

    members: int
    added: int
    absent: int


@dataclass(frozen=True)
class RosterMember:
    """One person of the course for the grading table."""

    membership_id: int
    sub: str
    display_name: str
    given_name: str | None
    family_name: str | None
    email: str | None
    role: str
    status: str  # "Active", "Inactive", "Deleted", "Absent" or "" (never refreshed)

    @property
    def active(self) -> bool:
        """Enrolled and active, as far as we know."""
        return self.status in {"", "Active"}


def _upsert_membership(course: Course, user: User, member: Member) -> bool:
    """Create or update the membership; True when it is new.

    A staff role a launch gave is kept when the roster says Learner: Moodle's
    roster asks a course-level capability that a non-editing teacher lacks, while
    their launches of an activity say Instructor.
    """
    role, roles = member.role, tuple(member.roles)
    known = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.course_id == course.id
        )
    )
    if known is not None and known.lti_role in STAFF_ROLES and role not in STAFF_ROLES:
        role, roles = known.lti_role, tuple(known.lti_roles or ())
    membership, created = ensure_membership(user, course, role, roles)
    db.session.flush()
    entry = db.session.get(RosterEntry, membership.id)
    if entry is None:
        entry = RosterEntry(membership_id=membership.id)
        db.session.add(entry)
    entry.status, entry.synced_at = member.status[:10], utcnow()
    return created


def refresh_roster(course_id: int) -> RosterRefresh:
    """Fetch the roster from the LMS and store it (one transaction, committed).

    Raises :class:`RosterUnavailableError` before any launch gave the URL, and
    :class:`lti_app.lti.service_http.ServiceError` when the LMS fails.
    """
    course = db.session.get(Course, course_id)
    endpoint = find_course_endpoint(course_id, roster=True)
    platform = db.session.get(Platform, course.platform_id) if course else None
    if course is None or endpoint is None or platform is None:
        raise RosterUnavailableError(course_id)
    members = fetch_members(platform, str(endpoint.memberships_url))
    added, seen = 0, set()
    for member in members:
        user = ensure_user(platform.issuer, member.user_id, member)
        db.session.flush()
        added += _upsert_membership(course, user, member)
        seen.add(user.id)
    absent = _mark_absent(course_id, seen)
    db.session.commit()
    return RosterRefresh(len(members), added, absent)


def _mark_absent(course_id: int, seen: set[int]) -> int:
    gone = db.session.scalars(
        select(Membership).where(
            Membership.course_id == course_id, Membership.user_id.not_in(seen)
        )
    ).all()
    for membership in gone:
        entry = db.session.get(RosterEntry, membership.id)
        if entry is None:
            entry = RosterEntry(membership_id=membership.id)
            db.session.add(entry)
        entry.status, entry.synced_at = ABSENT, utcnow()
    return len(gone)


def list_roster(course_id: int) -> list[RosterMember]:
    """Everyone of the course (launched or from the roster), by family name."""
    rows = db.session.execute(
        select(Membership, User, RosterEntry.status)
        .join(User, Membership.user_id == User.id)
        .outerjoin(RosterEntry, RosterEntry.membership_id == Membership.id)
        .where(Membership.course_id == course_id)
    ).all()
    people = [
        RosterMember(
            membership_id=membership.id,
            sub=user.sub,
            display_name=user.display_name,
            given_name=user.given_name,
            family_name=user.family_name,
            email=user.email,
            role=effective_role(membership),
            status=status or "",
        )
        for membership, user, status in sorted(rows, key=lambda r: person_key(r[1]))
    ]
    return people
