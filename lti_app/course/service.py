"""Write-side of courses: record a launch, grant and revoke the assistant role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import bindparam, select

from lti_app.course.copies import note_copy_source
from lti_app.course.models import Course, Membership, ResourceLink, User
from lti_app.course.names import person_key
from lti_app.course.rows import find_or_create
from lti_app.extensions import db
from lti_app.lti.claims import ASSISTANT, GUEST, STUDENT
from lti_app.lti.clock import utcnow
from lti_app.lti.context import LaunchFacts


class Names(Protocol):
    """What a launch or a roster says of a person's name and e-mail."""

    @property
    def name(self) -> str | None: ...
    @property
    def given_name(self) -> str | None: ...
    @property
    def family_name(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...


@dataclass(frozen=True)
class Recorded:
    """The rows a launch created or refreshed, and the role in force."""

    user: User
    course: Course
    membership: Membership
    role: str


def effective_role(membership: Membership) -> str:
    """The LMS role, raised to assistant when staff granted it in Cartable."""
    return _role(membership.lti_role, membership.granted_assistant)


def _role(lti_role: str, granted_assistant: bool) -> str:
    if granted_assistant and lti_role in {STUDENT, GUEST}:
        return ASSISTANT
    return lti_role


# An erased person's launches end at once: their membership stays, their role does not.
_ROLE = (
    select(Membership.lti_role, Membership.granted_assistant)
    .join(User, User.id == Membership.user_id)
    .where(Membership.id == bindparam("membership_id"), User.erased_at.is_(None))
)


def role_in_force(membership_id: int) -> str | None:
    """The membership's role now (None once it is gone): two columns, no entity.

    Read on every request, so that a grant or a revocation applies at once.
    """
    row = db.session.execute(_ROLE, {"membership_id": membership_id}).first()
    return None if row is None else _role(row.lti_role, row.granted_assistant)


def ensure_user(issuer: str, sub: str, names: Names) -> User:
    """The person (created once however many requests race), with the names
    ``names`` carries; a missing name (Moodle privacy settings) keeps what we knew."""
    user, _created = find_or_create(
        select(User).where(User.issuer == issuer, User.sub == sub),
        User,
        {"issuer": issuer, "sub": sub},
    )
    for attribute in ("name", "given_name", "family_name", "email"):
        value = getattr(names, attribute)
        if value:
            setattr(user, attribute, value)
    return user


def ensure_membership(
    user: User, course: Course, role: str, roles: tuple[str, ...]
) -> tuple[Membership, bool]:
    """The person's membership of the course, with this role; True if new."""
    membership, created = find_or_create(
        select(Membership).where(
            Membership.user_id == user.id, Membership.course_id == course.id
        ),
        Membership,
        {"user_id": user.id, "course_id": course.id, "lti_role": role},
    )
    membership.lti_role = role
    membership.lti_roles = list(roles)
    return membership, created


def _upsert_course(facts: LaunchFacts) -> tuple[Course, bool]:
    course, created = find_or_create(
        select(Course).where(
            Course.deployment_pk == facts.deployment_pk,
            Course.context_id == facts.context_id,
        ),
        Course,
        {
            "platform_id": facts.platform_id,
            "deployment_pk": facts.deployment_pk,
            "context_id": facts.context_id,
        },
    )
    course.title = facts.context_title or course.title
    course.label = facts.context_label or course.label
    return course, created


def _upsert_link(course: Course, facts: LaunchFacts) -> None:
    if not facts.resource_link_id:
        return
    link, _created = find_or_create(
        select(ResourceLink).where(
            ResourceLink.course_id == course.id,
            ResourceLink.resource_link_id == facts.resource_link_id,
        ),
        ResourceLink,
        {"course_id": course.id, "resource_link_id": facts.resource_link_id},
    )
    link.title = facts.resource_link_title or link.title
    link.custom = facts.custom


def record_launch(facts: LaunchFacts) -> Recorded:
    """Upsert the user, the course, the membership and the link in one transaction.

    Safe when the same first launch arrives several times at once (see ``rows``).
    """
    user = ensure_user(facts.issuer, facts.sub, facts)
    user.locale = facts.user_locale or user.locale
    course, created = _upsert_course(facts)
    if created:  # a course copied in the LMS is new here: note where it came from
        note_copy_source(course, facts.custom)
    membership, _new = ensure_membership(user, course, facts.role, facts.lti_roles)
    membership.last_launch_at = utcnow()
    _upsert_link(course, facts)
    db.session.commit()
    return Recorded(user, course, membership, effective_role(membership))


def list_members(course_id: int) -> list[Membership]:
    """Everyone who has launched into this course, by family name (French order)."""
    rows = db.session.scalars(
        select(Membership)
        .join(User)
        .where(Membership.course_id == course_id, User.erased_at.is_(None))
    ).all()
    return sorted(rows, key=lambda m: person_key(m.user))


def get_membership(course_id: int, membership_id: int) -> Membership | None:
    """The membership with this id, only within this course."""
    return db.session.scalar(
        select(Membership).where(
            Membership.id == membership_id, Membership.course_id == course_id
        )
    )


def set_assistant(membership: Membership, granted: bool) -> Membership:
    """Grant or take back the assistant role inside Cartable."""
    membership.granted_assistant = granted
    db.session.commit()
    return membership
