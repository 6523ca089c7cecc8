"""The roster refreshed in the background: at a stale staff launch, and nightly.

Staff should see names without clicking anything: the worker fetches the roster
(NRPS) when a staff launch finds it older than ``CARTABLE_ROSTER_MAX_AGE_HOURS``,
and for every course with a roster URL once a night. Each refresh is one outbox
message, so a failing LMS is retried and never slows a launch.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from lti_app.course.endpoints import ServiceEndpoint, find_course_endpoint
from lti_app.course.models import Membership
from lti_app.course.roster import RosterEntry, RosterUnavailableError, refresh_roster
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.lti.service_http import ServiceError
from lti_app.outbox import service as outbox
from lti_app.outbox.models import OutboxMessage

KIND = "roster.refresh"
NIGHTLY_KIND = "roster.nightly"
log = logging.getLogger(__name__)


def last_refresh(course_id: int) -> datetime | None:
    """When the roster was last fetched (None: never)."""
    return db.session.scalar(
        select(func.max(RosterEntry.synced_at))
        .join(Membership, Membership.id == RosterEntry.membership_id)
        .where(Membership.course_id == course_id)
    )


def _window(hours: int, now: datetime) -> int:
    """The number of the ``hours``-long window ``now`` falls in (the dedupe key)."""
    return int(now.timestamp()) // (hours * 3600)


def refresh_if_stale(course_id: int) -> OutboxMessage | None:
    """Queue one refresh when the roster is older than the setting (committed).

    Launches finding the same last refresh in the same window share the dedupe
    key: a double launch queues one message.
    """
    hours = int(current_app.config["CARTABLE_ROSTER_MAX_AGE_HOURS"])
    now = utcnow()
    last = last_refresh(course_id)
    if last is not None and now - last < timedelta(hours=hours):
        return None
    if find_course_endpoint(course_id, roster=True) is None:
        return None
    since = last.isoformat() if last else "never"
    key = f"roster:{course_id}:{since}:{_window(hours, now)}"
    message = outbox.enqueue(
        KIND, {"course_id": course_id}, dedupe_key=key, course_id=course_id
    )
    db.session.commit()
    return message


def run_refresh(message: OutboxMessage) -> None:
    """The worker's side: fetch and store the roster; an LMS failure retries."""
    course_id = int(message.payload["course_id"])
    try:
        done = refresh_roster(course_id)
    except RosterUnavailableError as error:
        raise outbox.Refused("no roster URL for this course") from error
    except ServiceError as error:
        raise outbox.RetryLater(f"roster {error.status}") from error
    log.info("roster of course %s: %s member(s)", course_id, done.members)


def run_nightly(message: OutboxMessage) -> None:
    """Queue one refresh per course with a roster URL (each retried on its own)."""
    day = str(message.payload.get("day"))
    courses = db.session.scalars(
        select(ServiceEndpoint.course_id)
        .where(ServiceEndpoint.memberships_url.is_not(None))
        .distinct()
    ).all()
    for course_id in courses:
        outbox.enqueue(
            KIND,
            {"course_id": course_id},
            dedupe_key=f"roster:{course_id}:night:{day}",
            course_id=course_id,
        )
    log.info("nightly roster refresh queued for %s course(s)", len(courses))
