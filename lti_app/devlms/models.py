"""The development LMS's own tables: site, tool registration, course, people, launches.

They mirror what Moodle keeps (``lti_types``, ``course``, ``user``, ``lti``) closely
enough to send Moodle's messages; ids are Moodle-like small integers because
``sub``, ``context.id`` and ``resource_link.id`` are those ids as strings.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_app.extensions import db

EDITING_TEACHER = "editingteacher"
NON_EDITING_TEACHER = "teacher"
STUDENT = "student"
EMBED = "embed"
WINDOW = "window"


def utcnow() -> datetime:
    """Naive UTC, as the rest of the database stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


class DevSite(db.Model):  # type: ignore[name-defined,misc]
    """The LMS itself: its issuer (Moodle's wwwroot) and its signing key."""

    __tablename__ = "devlms_sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(1024))
    name: Mapped[str] = mapped_column(String(255))
    # Development only: the private key sits in the database, never in production.
    key_pem: Mapped[str | None] = mapped_column(Text, default=None)
    kid: Mapped[str | None] = mapped_column(String(64), default=None)


class DevTool(db.Model):  # type: ignore[name-defined,misc]
    """The tool as the LMS registered it; ``id`` is Moodle's type id = deployment id."""

    __tablename__ = "devlms_tools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255), unique=True)
    login_url: Mapped[str] = mapped_column(String(1024))
    redirect_uris: Mapped[list[str]] = mapped_column(JSON, default=list)
    jwks_url: Mapped[str] = mapped_column(String(1024))
    target_link_uri: Mapped[str] = mapped_column(String(1024))
    send_name: Mapped[bool] = mapped_column(default=True)
    send_email: Mapped[bool] = mapped_column(default=True)
    custom: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class DevCourse(db.Model):  # type: ignore[name-defined,misc]
    """A course; its id is the ``context.id`` sent to the tool."""

    __tablename__ = "devlms_courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255))
    idnumber: Mapped[str] = mapped_column(String(255), default="")
    activities: Mapped[list[DevActivity]] = relationship(
        back_populates="course", order_by="DevActivity.id"
    )


class DevPerson(db.Model):  # type: ignore[name-defined,misc]
    """A fictional person; ``id`` is the ``sub`` and the ``login_hint``."""

    __tablename__ = "devlms_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    given_name: Mapped[str] = mapped_column(String(255))
    family_name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320))
    idnumber: Mapped[str] = mapped_column(String(255), default="")
    locale: Mapped[str] = mapped_column(String(10), default="fr")
    site_admin: Mapped[bool] = mapped_column(default=False)

    @property
    def full_name(self) -> str:
        """First name then last name, as Moodle's ``fullname()``."""
        return f"{self.given_name} {self.family_name}"


class DevEnrolment(db.Model):  # type: ignore[name-defined,misc]
    """A person's Moodle role in a course."""

    __tablename__ = "devlms_enrolments"
    __table_args__ = (UniqueConstraint("course_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_courses.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_people.id", ondelete="CASCADE")
    )
    role: Mapped[str] = mapped_column(String(30))
    person: Mapped[DevPerson] = relationship()


class DevActivity(db.Model):  # type: ignore[name-defined,misc]
    """An external-tool activity; its id is the ``resource_link.id`` (and the cmid)."""

    __tablename__ = "devlms_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_courses.id", ondelete="CASCADE")
    )
    tool_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_tools.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    launch_container: Mapped[str] = mapped_column(String(10), default=EMBED)
    target_link_uri: Mapped[str | None] = mapped_column(String(1024), default=None)
    custom: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    course: Mapped[DevCourse] = relationship(back_populates="activities")
    tool: Mapped[DevTool] = relationship()


class DevLaunchHint(db.Model):  # type: ignore[name-defined,misc]
    """A launch begun on an activity page, redeemed once by the auth endpoint.

    Moodle keeps this in ``$SESSION->{launchid}`` and unsets it on first read.
    """

    __tablename__ = "devlms_launch_hints"

    id: Mapped[int] = mapped_column(primary_key=True)
    launch_id: Mapped[str] = mapped_column(String(64), unique=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_activities.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_people.id", ondelete="CASCADE")
    )
    document_target: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    activity: Mapped[DevActivity] = relationship()
    person: Mapped[DevPerson] = relationship()


class DevDeepLinkRequest(db.Model):  # type: ignore[name-defined,misc]
    """A content selection begun by a teacher (Moodle's ``contentitem.php``).

    ``data`` is the opaque value sent in the settings claim: the tool echoes it,
    and the return endpoint finds the request by it, once.
    """

    __tablename__ = "devlms_deep_link_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    launch_id: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[str] = mapped_column(String(64), unique=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_courses.id", ondelete="CASCADE")
    )
    tool_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_tools.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("devlms_people.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    returned_at: Mapped[datetime | None] = mapped_column(default=None)
    course: Mapped[DevCourse] = relationship()
    tool: Mapped[DevTool] = relationship()
    person: Mapped[DevPerson] = relationship()
