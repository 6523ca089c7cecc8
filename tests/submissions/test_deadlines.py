"""Due date, cut-off and extensions, entered and shown in the course's time zone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.submissions import deadlines
from lti_app.submissions.models import Assignment, Submission
from tests.submissions import files
from tests.submissions.conftest import (
    Browser,
    MakeAssignment,
    course_id_of,
    shift,
    upload,
)
from tests.support.platform import LEARNER_ROLES


@pytest.mark.parametrize(
    ("local", "zone", "utc"),
    [
        # The night clocks go forward in Paris (2026-03-29): 01:59 is still UTC+1.
        pytest.param(datetime(2026, 3, 29, 1, 59), "Europe/Paris",
                     datetime(2026, 3, 29, 0, 59), id="paris-before-spring"),
        pytest.param(datetime(2026, 3, 29, 3, 0), "Europe/Paris",
                     datetime(2026, 3, 29, 1, 0), id="paris-after-spring"),
        # Clocks go back (2026-10-25): 02:30 happens twice, the first one counts.
        pytest.param(datetime(2026, 10, 25, 2, 30), "Europe/Paris",
                     datetime(2026, 10, 25, 0, 30), id="paris-twice"),
        pytest.param(datetime(2026, 12, 1, 23, 59), "Europe/Paris",
                     datetime(2026, 12, 1, 22, 59), id="paris-winter"),
        pytest.param(datetime(2026, 7, 1, 23, 59), "Europe/Paris",
                     datetime(2026, 7, 1, 21, 59), id="paris-summer"),
        pytest.param(datetime(2026, 3, 8, 12, 0), "America/Montreal",
                     datetime(2026, 3, 8, 16, 0), id="montreal-spring"),
        pytest.param(datetime(2026, 12, 1, 23, 59), "Pacific/Noumea",
                     datetime(2026, 12, 1, 12, 59), id="noumea"),
    ],
)  # fmt: skip
def test_local_times_become_utc(local: datetime, zone: str, utc: datetime) -> None:
    assert deadlines.to_utc(local, zone) == utc
    assert deadlines.to_local(utc, zone).replace(tzinfo=None) == local


def test_a_skipped_local_time_is_refused() -> None:
    with pytest.raises(deadlines.LocalTimeError):
        deadlines.to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Paris")


def test_phases_and_extensions() -> None:
    due, cutoff = datetime(2026, 3, 29, 0, 59), datetime(2026, 3, 29, 1, 59)
    assignment = Assignment(opens_at=datetime(2026, 3, 1), due_at=due, cutoff_at=cutoff)
    window = deadlines.window_for(assignment, None)
    assert window.phase(datetime(2026, 2, 28)) == deadlines.NOT_OPEN
    assert window.phase(due) == deadlines.OPEN  # the due minute itself is on time
    assert window.phase(shift(due, seconds=1)) == deadlines.LATE
    assert window.phase(cutoff) == deadlines.CLOSED
    extended = deadlines.window_for(assignment, datetime(2026, 3, 30, 12))
    assert extended.phase(shift(cutoff, hours=1)) == deadlines.OPEN
    assert extended.cutoff_at == datetime(2026, 3, 30, 12)
    assert extended.phase(datetime(2026, 3, 30, 12, 1)) == deadlines.CLOSED


def _submission(app: Flask) -> Submission:
    with app.app_context():
        return db.session.scalars(select(Submission)).one()


def test_late_upload_is_marked_late(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    now = utcnow()
    aid = make_assignment(due_at=shift(now, hours=-1), cutoff_at=shift(now, hours=1))
    assert "en retard" in student.get(f"/submissions/{aid}").text
    assert upload(student, aid, ("a.pdf", files.pdf())).status_code == 303
    assert _submission(app).late is True


def test_after_the_cutoff_the_upload_is_refused_clearly(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    now = utcnow()
    aid = make_assignment(due_at=shift(now, hours=-2), cutoff_at=shift(now, minutes=-1))
    page = student.get(f"/submissions/{aid}")
    assert 'id="dropoff"' not in page.text
    response = upload(student, aid, ("a.pdf", files.pdf()), script=True)
    assert response.status_code == 403
    assert response.get_json()["error"] == "closed"
    html = upload(student, aid, ("a.pdf", files.pdf()))
    assert "La date limite de remise est passée" in html.text
    stored = Path(app.config["CARTABLE_DATA_DIR"]) / "files"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


def test_not_open_yet_is_refused(
    student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(opens_at=shift(utcnow(), days=1))
    response = upload(student, aid, ("a.pdf", files.pdf()), script=True)
    assert (response.status_code, response.get_json()["error"]) == (403, "not-open")


def test_an_extension_reopens_for_that_student_only(
    app: Flask, staff: Browser, person: object, make_assignment: MakeAssignment
) -> None:
    now = utcnow()
    aid = make_assignment(due_at=shift(now, hours=-3), cutoff_at=shift(now, hours=-1))
    late = person("5", LEARNER_ROLES)  # type: ignore[operator]
    other = person("6", LEARNER_ROLES)  # type: ignore[operator]
    with app.app_context():
        from lti_app.course.models import User

        user_id = db.session.scalars(select(User.id).where(User.sub == "5")).one()
    # Two days from now, in the course's zone (Paris): the form takes local time.
    local = deadlines.to_local(shift(now, days=2), "Europe/Paris")
    response = staff.post(f"/submissions/{aid}/extensions", {
        "user_id": str(user_id), "due_at": local.strftime("%Y-%m-%dT%H:%M"),
    })  # fmt: skip
    assert response.status_code == 303, response.text
    assert "délai accordé" in late.get(f"/submissions/{aid}").text
    assert upload(late, aid, ("a.pdf", files.pdf())).status_code == 303
    assert upload(other, aid, ("a.pdf", files.pdf())).status_code == 403
    sub = _submission(app)
    assert sub.late is False  # within the extended due date


def test_dates_show_in_the_course_zone_and_the_reader_language(
    app: Flask, student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(due_at=datetime(2026, 12, 1, 22, 59))
    page = student.get(f"/submissions/{aid}").text
    assert "mardi 1 décembre 2026 à 23:59 (Europe/Paris)" in page
    with app.app_context():
        from lti_app.course.models import Course

        course = db.session.get(Course, course_id_of(app))
        course.timezone = "America/Montreal"
        db.session.commit()
    assert (
        "mardi 1 décembre 2026 à 17:59 (America/Montreal)"
        in student.get(f"/submissions/{aid}").text
    )


def test_staff_enter_dates_in_the_course_zone(app: Flask, staff: Browser) -> None:
    response = staff.post("/submissions/new", {
        "title": "Devoir", "instructions": "**Une** diapositive.",
        "timezone": "Europe/Paris", "due_at": "2026-03-29T03:00",
        "cutoff_at": "2026-03-30T23:59", "accepted_kinds": ["pptx", "odp"],
        "max_mb": "20", "max_files": "1", "attempts_allowed": "0", "points": "20",
        "expected_pages": "1",
    })  # fmt: skip
    assert response.status_code == 303, response.text
    with app.app_context():
        assignment = db.session.scalars(select(Assignment)).one()
        assert assignment.due_at == datetime(2026, 3, 29, 1, 0)
        assert assignment.cutoff_at == datetime(2026, 3, 30, 21, 59)
        assert assignment.accepted_kinds == ["pptx", "odp"]
        assert assignment.max_bytes == 20 * 1024 * 1024
    skipped = staff.post("/submissions/new", {
        "title": "Devoir 2", "timezone": "Europe/Paris", "due_at": "2026-03-29T02:30",
        "accepted_kinds": ["pdf"], "max_mb": "20", "max_files": "1",
        "attempts_allowed": "0", "points": "20",
    })  # fmt: skip
    assert skipped.status_code == 422
    assert "changement d&#39;heure" in skipped.text


def test_a_large_upload_after_the_cutoff_says_closed(
    student: Browser, make_assignment: MakeAssignment
) -> None:
    now = utcnow()
    aid = make_assignment(due_at=shift(now, hours=-2), cutoff_at=shift(now, minutes=-1),
                          max_bytes=30 * 1024 * 1024)  # fmt: skip
    big = files.pdf(1) + b"%" * (17 * 1024 * 1024)  # over the app-wide 16 MiB default
    response = upload(student, aid, ("gros.pdf", big), script=True)
    assert response.status_code == 403
    assert response.get_json()["error"] == "closed"
