"""The demo's assignment activity opens the drop-off, as a deep-linked one would."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from lti_app.devlms.demo_data import ACTIVITIES, ASSIGNMENT_TARGET
from lti_app.extensions import db
from lti_app.submissions.demo import TITLE
from lti_app.submissions.models import Assignment
from tests.devlms.conftest import LiveDemo
from tests.devlms.driver import LmsBrowser

ASSIGNMENT = 3
LTI = "https://purl.imsglobal.org/spec/lti/claim/"


def _demo_assignment_path(demo: LiveDemo) -> str:
    """The seeded assignment's page; its slug is the one the activity names."""
    with demo.app.app_context():
        (assignment,) = db.session.scalars(
            select(Assignment).where(Assignment.title == TITLE)
        ).all()
        assert f"assignment:{assignment.slug}" == ASSIGNMENT_TARGET
        return f"/submissions/{assignment.id}"


def test_the_activity_carries_the_assignment_target() -> None:
    (activity,) = [a for a in ACTIVITIES if a["id"] == ASSIGNMENT]
    assert activity["name"] == TITLE
    assert activity["custom"] == {"cartable_target": ASSIGNMENT_TARGET}


@pytest.mark.parametrize("person", [4, 3])
def test_a_launch_lands_on_the_assignment_page(
    live_demo: LiveDemo, browser: LmsBrowser, person: int
) -> None:
    launch = browser.launch(person=person, activity=ASSIGNMENT)
    custom = launch.claims()[LTI + "custom"]
    assert custom["cartable_target"] == ASSIGNMENT_TARGET
    assert launch.page.status_code == 200
    assert launch.page.url.startswith(live_demo.tool_url)
    assert urlsplit(launch.page.url).path == _demo_assignment_path(live_demo)
    assert TITLE in launch.page.text
    if person == 4:
        assert "une seule diapositive" in launch.page.text


def test_the_other_activities_still_open_the_course(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    launch = browser.launch(person=4, activity=1)
    assert urlsplit(launch.page.url).path == "/course/"
