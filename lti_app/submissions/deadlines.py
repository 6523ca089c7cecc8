"""Dates of an assignment: stored in UTC, entered and shown in the course's time zone.

LTI sends no time zone, so the course has one (Europe/Paris by default). A local
time that does not exist (the hour skipped when clocks go forward) is refused;
one that happens twice (clocks go back) means its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import format_date, format_time
from flask_babel import gettext as _

from lti_app.submissions.models import Assignment

NOT_OPEN, OPEN, LATE, CLOSED = "not-open", "open", "late", "closed"


class LocalTimeError(ValueError):
    """A local time that the course's time zone skips."""


def zone(name: str) -> ZoneInfo:
    """The time zone of that name (UTC when unknown: never fail to show a date)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def to_utc(local: datetime, tz_name: str) -> datetime:
    """Naive UTC of a naive local time in ``tz_name``; refuse a skipped time."""
    tz = zone(tz_name)
    aware = local.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != local:
        raise LocalTimeError(local.isoformat())
    return utc.replace(tzinfo=None)


def to_local(utc: datetime, tz_name: str) -> datetime:
    """The aware local time of a naive UTC one."""
    return utc.replace(tzinfo=UTC).astimezone(zone(tz_name))


def local_input(utc: datetime | None, tz_name: str) -> datetime | None:
    """A naive local time for a form field."""
    return None if utc is None else to_local(utc, tz_name).replace(tzinfo=None)


def show(utc: datetime | None, tz_name: str) -> str:
    """A date as the reader reads it: their language, the course's time zone."""
    if utc is None:
        return ""
    local = to_local(utc, tz_name)
    return _(
        "%(date)s à %(time)s (%(zone)s)",
        # rebase=False: Flask-Babel would otherwise convert back to its own zone (UTC).
        date=format_date(local, "full", rebase=False),
        time=format_time(local, "HH:mm", rebase=False),
        zone=tz_name,
    )


@dataclass(frozen=True)
class Window:
    """The dates that apply to one student, after any extension."""

    opens_at: datetime | None
    due_at: datetime | None
    cutoff_at: datetime | None
    extended: bool = False

    def phase(self, now: datetime) -> str:
        """Not open yet, open, open but late, or closed."""
        if self.opens_at is not None and now < self.opens_at:
            return NOT_OPEN
        if self.cutoff_at is not None and now >= self.cutoff_at:
            return CLOSED
        if self.due_at is not None and now > self.due_at:
            return LATE
        return OPEN


def window_for(assignment: Assignment, extension: datetime | None) -> Window:
    """The assignment's dates; an extension moves the due date and, if earlier,
    the cut-off to it (as Moodle's extensions do)."""
    if extension is None:
        return Window(assignment.opens_at, assignment.due_at, assignment.cutoff_at)
    due = max(assignment.due_at, extension) if assignment.due_at else extension
    cutoff = assignment.cutoff_at
    if cutoff is not None and cutoff < extension:
        cutoff = extension
    return Window(assignment.opens_at, due, cutoff, extended=True)
