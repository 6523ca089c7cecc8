"""The way back into a course from an e-mail: the LMS page that launches Cartable.

A link into Cartable itself cannot work from a mailbox (every page needs a live
launch) and a URL carrying a launch token must never leave the browser. So an
e-mail points at the LMS: the activity when the launch's ``return_url`` says
which one, else the course. The return URL itself carries a session key
(Moodle's ``sesskey``): only the base address and two numbers are kept from it.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from lti_app.extensions import db
from lti_app.lti.clock import utcnow

_MOODLE_RETURN = "/mod/lti/return.php"
_DEV_LMS_RETURN = "/return"  # the development LMS's return page, Moodle-like


class CourseLink(db.Model):  # type: ignore[name-defined,misc]
    """The LMS address of a course's Cartable activity, learnt from a launch."""

    __tablename__ = "question_course_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), unique=True
    )
    url: Mapped[str] = mapped_column(String(1024))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def _number(query: dict[str, list[str]], name: str) -> str | None:
    value = (query.get(name) or [""])[0]
    return value if value.isdigit() else None


def lms_link(return_url: str | None) -> str | None:
    """The activity (or course) page of the LMS behind a launch's return URL.

    Known shapes only: Moodle's ``mod/lti/return.php`` and the development LMS's
    ``/return``; anything else gives None (the e-mail then says where to go).
    """
    if not return_url:
        return None
    parts = urlsplit(return_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    query = parse_qs(parts.query)
    activity, course = _number(query, "instanceid"), _number(query, "course")
    origin = f"{parts.scheme}://{parts.netloc}"
    if parts.path.endswith(_MOODLE_RETURN):
        base = origin + parts.path[: -len(_MOODLE_RETURN)]
        if activity:
            return f"{base}/mod/lti/view.php?{urlencode({'l': activity})}"
        if course:
            return f"{base}/course/view.php?{urlencode({'id': course})}"
        return None
    if parts.path.endswith(_DEV_LMS_RETURN) and activity and course:
        base = origin + parts.path[: -len(_DEV_LMS_RETURN)]
        return f"{base}/course/{course}/activity/{activity}"
    return None


def find_link(course_id: int) -> str | None:
    """The LMS page of this course last learnt, if any."""
    return db.session.scalar(
        select(CourseLink.url).where(CourseLink.course_id == course_id)
    )


def remember_link(course_id: int, return_url: str | None) -> None:
    """Keep the LMS page a launch points at, when it is known and new (commits)."""
    url = lms_link(return_url)
    if url is None:
        return
    row = db.session.scalar(select(CourseLink).where(CourseLink.course_id == course_id))
    if row is not None and row.url == url:
        return
    if row is None:
        db.session.add(CourseLink(course_id=course_id, url=url))
    else:
        row.url, row.updated_at = url, utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # another request of the same course recorded it first
        db.session.rollback()
