"""The person's identity as the LMS sent it, and where they launched Cartable."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lti_app.course.models import Course, Membership, User
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.privacy import (
    PartErasure,
    PartExport,
    Person,
    PrivacyPart,
    iso_time,
    new_erased_sub,
)

_IDENTITY = ("issuer", "sub", "name", "given_name", "family_name", "email", "locale")


def export_identity(person: Person) -> PartExport:
    """Identity from the LMS, and one line per course: role and last launch."""
    user = db.session.get(User, person.user_id)
    assert user is not None  # noqa: S101 - a Person is built from an existing row
    rows = db.session.execute(
        select(Membership, Course)
        .join(Course, Course.id == Membership.course_id)
        .where(Membership.user_id == person.user_id)
        .order_by(Course.id)
    ).all()
    identity = {name: getattr(user, name) for name in _IDENTITY}
    identity["updated_at"] = iso_time(user.updated_at)
    courses = [
        {
            "course_id": course.id,
            "course": course.display_title,
            "context_id": course.context_id,
            "role": membership.lti_role,
            "lms_roles": list(membership.lti_roles or []),
            "assistant_granted_in_cartable": membership.granted_assistant,
            "last_launch_at": iso_time(membership.last_launch_at),
        }
        for membership, course in rows
    ]
    return PartExport({"identity": identity, "courses": courses})


def erase_identity(person: Person) -> PartErasure:
    """The row stays for what the course keeps; nothing in it names the person."""
    user = db.session.get(User, person.user_id)
    assert user is not None  # noqa: S101 - a Person is built from an existing row
    for name in ("name", "given_name", "family_name", "email", "locale"):
        setattr(user, name, None)
    user.sub = new_erased_sub()
    user.erased_at = utcnow()
    return PartErasure(
        pseudonymised={"people": 1, "memberships": len(person.membership_ids)}
    )


PART = PrivacyPart("identity", _l("Identité et cours"), export_identity, erase_identity)
