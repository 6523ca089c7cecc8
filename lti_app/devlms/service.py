"""Write-side of the development LMS: seed the demo, begin launches, privacy flags."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from lti_app.devlms import demo_data as demo
from lti_app.devlms import keys, messages
from lti_app.devlms.grades_models import DevLineItem
from lti_app.devlms.models import (
    DevActivity,
    DevCourse,
    DevEnrolment,
    DevLaunchHint,
    DevPerson,
    DevSite,
    DevTool,
)
from lti_app.extensions import db


@dataclass(frozen=True)
class PlatformInfo:
    """What the tool's administrator copies from the LMS into ``platforms add``."""

    issuer: str
    client_id: str
    deployment_id: str
    auth_login_url: str
    auth_token_url: str
    keyset_url: str
    lms_home_url: str


@dataclass(frozen=True)
class Access:
    """A person on a course page, with their enrolment role (None: site admin only)."""

    person: DevPerson
    role: str | None


def _client_id() -> str:
    """Fifteen letters and digits, like Moodle's ``random_string(15)``."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(15))


def _upsert(model: type[Any], **values: Any) -> Any:
    """Create or update the row with ``values["id"]``: the demo's ids are fixed."""
    row = db.session.get(model, values["id"])
    if row is None:
        row = model(id=values["id"])
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    return row


def _seed_site(lms_url: str) -> DevSite:
    site = db.session.scalar(select(DevSite).order_by(DevSite.id))
    if site is None:
        site = DevSite(name=demo.SITE_NAME)
        db.session.add(site)
    site.issuer = lms_url + "/dev/lms"
    return site


def _seed_tool(tool_url: str) -> DevTool:
    existing = db.session.get(DevTool, demo.DEPLOYMENT)
    client_id = existing.client_id if existing else _client_id()
    launch_url = tool_url + "/lti/launch"
    tool: DevTool = _upsert(
        DevTool,
        id=demo.DEPLOYMENT,
        name=demo.TOOL_NAME,
        client_id=client_id,
        login_url=tool_url + "/lti/login",
        redirect_uris=[launch_url],
        jwks_url=tool_url + "/lti/jwks",
        target_link_uri=launch_url,
        custom=dict(demo.TOOL_CUSTOM),
    )
    return tool


def _seed_people(course: DevCourse) -> None:
    for ident, username, given, family, idnumber, locale, admin, role in demo.PEOPLE:
        _upsert(
            DevPerson,
            id=ident,
            username=username,
            given_name=given,
            family_name=family,
            email=f"{username}@{demo.EMAIL_DOMAIN}",
            idnumber=idnumber,
            locale=locale,
            site_admin=admin,
        )
        db.session.flush()
        enrolment = find_enrolment(course.id, ident)
        if role is None:
            if enrolment is not None:
                db.session.delete(enrolment)
        elif enrolment is None:
            db.session.add(
                DevEnrolment(course_id=course.id, person_id=ident, role=role)
            )
        else:
            enrolment.role = role


def seed_demo(tool_url: str, lms_url: str) -> PlatformInfo:
    """Create or refresh the demo site, tool, course, people and activities."""
    tool_url, lms_url = tool_url.rstrip("/"), lms_url.rstrip("/")
    site = _seed_site(lms_url)
    tool = _seed_tool(tool_url)
    course = _upsert(DevCourse, **demo.COURSE)
    db.session.flush()
    _seed_people(course)
    for activity in demo.ACTIVITIES:
        _upsert(DevActivity, course_id=course.id, tool_id=tool.id, **activity)
    db.session.flush()
    for item in demo.LINE_ITEMS:
        _upsert(DevLineItem, course_id=course.id, tool_id=tool.id, **item)
    db.session.commit()
    keys.public_jwks()  # the key exists before the first launch
    return platform_info(site, tool)


def platform_info(
    site: DevSite | None = None, tool: DevTool | None = None
) -> PlatformInfo:
    """The registration details the tool needs for this LMS."""
    site = site or keys.get_site()
    tool = tool or get_tool()
    return PlatformInfo(
        issuer=site.issuer,
        client_id=tool.client_id,
        deployment_id=str(tool.id),
        auth_login_url=site.issuer + "/auth",
        auth_token_url=site.issuer + "/token",
        keyset_url=site.issuer + "/jwks",
        lms_home_url=site.issuer + "/",
    )


def get_tool(tool_id: int = demo.DEPLOYMENT) -> DevTool:
    """The tool registration; the demo has one."""
    tool = db.session.get(DevTool, tool_id)
    if tool is None:
        raise keys.NotSetUpError()
    return tool


def set_privacy(
    send_name: bool, send_email: bool, tool_id: int = demo.DEPLOYMENT
) -> DevTool:
    """Moodle's "Share launcher's name/e-mail with the tool" settings."""
    tool = get_tool(tool_id)
    tool.send_name, tool.send_email = send_name, send_email
    db.session.commit()
    return tool


def list_courses() -> list[DevCourse]:
    """Every course, by id."""
    return list(db.session.scalars(select(DevCourse).order_by(DevCourse.id)))


def list_people(course_id: int) -> list[Access]:
    """Who may open this course: its enrolled people, then site admins."""
    enrolments = db.session.scalars(
        select(DevEnrolment)
        .where(DevEnrolment.course_id == course_id)
        .order_by(DevEnrolment.person_id)
    )
    rows = [Access(e.person, e.role) for e in enrolments]
    admins = db.session.scalars(select(DevPerson).where(DevPerson.site_admin))
    enrolled = {row.person.id for row in rows}
    return rows + [Access(p, None) for p in admins if p.id not in enrolled]


def find_enrolment(course_id: int, person_id: int) -> DevEnrolment | None:
    """The person's enrolment in this course, if any."""
    return db.session.scalar(
        select(DevEnrolment).where(
            DevEnrolment.course_id == course_id, DevEnrolment.person_id == person_id
        )
    )


def find_access(course_id: int, person_id: int) -> Access | None:
    """The person if they may open the course (enrolled, or site admin)."""
    person = db.session.get(DevPerson, person_id)
    if person is None:
        return None
    enrolment = find_enrolment(course_id, person_id)
    if enrolment is None and not person.site_admin:
        return None
    return Access(person, enrolment.role if enrolment else None)


def find_activity(course_id: int, activity_id: int) -> DevActivity | None:
    """An activity of this course only."""
    activity = db.session.get(DevActivity, activity_id)
    return (
        activity if activity is not None and activity.course_id == course_id else None
    )


def begin_launch(
    activity: DevActivity, person: DevPerson, document_target: str
) -> DevLaunchHint:
    """Remember a launch as Moodle's ``launch.php`` does: ``ltilaunch<id>_<n>``."""
    launch_id = f"ltilaunch{activity.id}_{secrets.randbelow(2**31 - 1)}"
    hint = DevLaunchHint(
        launch_id=launch_id,
        activity_id=activity.id,
        person_id=person.id,
        document_target=document_target,
    )
    db.session.add(hint)
    db.session.commit()
    return hint


def login_fields(
    activity: DevActivity, person: DevPerson, hint: DevLaunchHint
) -> dict[str, str]:
    """The login initiation form the browser POSTs to the tool."""
    return messages.login_initiation(keys.get_site(), activity, person, hint.launch_id)


def set_locale(person: DevPerson, locale: str) -> None:
    """Change a person's preferred language, as Moodle's preference page does."""
    person.locale = locale
    db.session.commit()
