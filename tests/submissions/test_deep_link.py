"""The assignment as a deep-linked activity: its line item, checked independently,
and a later launch of the item landing on the assignment."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select as sql_select

from lti_app.devlms.models import DevActivity
from lti_app.extensions import db
from lti_app.submissions.demo import TITLE
from lti_app.submissions.models import Assignment
from tests.devlms.test_deep_linking import select, verify
from tests.submissions.conftest import MakeAssignment
from tests.support.demo import LiveDemo
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


@pytest.fixture
def demo(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    """The tool on http: the LMS fetches its JWKS server-side without our test CA."""
    return make_live_demo(tool_tls=False)


def test_the_demo_assignment_item_asks_for_its_gradebook_column(demo: LiveDemo) -> None:
    with demo.app.app_context():
        assignment = db.session.scalars(
            sql_select(Assignment).where(Assignment.title == TITLE)
        ).one()
        slug, points = assignment.slug, assignment.points
        assert assignment.expected_pages == 1
    selection = select(demo, [f"assignment:{slug}"])
    claims = verify(demo, selection.token)
    (item,) = claims[DL + "content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == demo.tool_url + "/lti/launch"
    assert item["custom"]["cartable_target"] == f"assignment:{slug}"
    assert item["lineItem"] == {
        "scoreMaximum": points,
        "label": TITLE,
        "resourceId": f"assignment:{slug}",
        "tag": "cartable-assignment",
        "submissionReview": {
            "reviewableStatus": ["Submitted", "Completed"],
            "label": "Voir le dépôt",
            "custom": {"cartable_target": f"assignment:{slug}"},
        },
    }
    with demo.app.app_context():
        before = db.session.query(DevActivity).count()
    done = selection.browser.http.post(
        selection.return_url, data={"JWT": selection.token}, timeout=10
    )
    assert done.status_code == 200, done.text
    with demo.app.app_context():
        assert db.session.query(DevActivity).count() == before + 1


def _land(
    launcher: Launcher, target: str, roles: list[str], context_id: str = "2"
) -> str:
    response = launcher.launch(
        sub="3" if roles == INSTRUCTOR_ROLES else "4",
        **{LTI + "roles": roles, LTI + "custom": {"cartable_target": target},
           LTI + "context": {"id": context_id, "title": "C", "type": ["CourseSection"]}},
    )  # fmt: skip
    assert response.status_code == 303, response.text
    return urlsplit(response.location).path


def test_a_launch_of_the_item_lands_on_the_assignment(
    app: Flask, launcher: Launcher, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(slug="partenariat")
    for roles in (INSTRUCTOR_ROLES, LEARNER_ROLES):
        assert _land(launcher, "assignment:partenariat", roles) == f"/submissions/{aid}"
    assert _land(launcher, "assignment:absent", LEARNER_ROLES) == "/lti/target-gone"
    # Another course with no such assignment: the slug is looked up per course.
    assert _land(launcher, "assignment:partenariat", LEARNER_ROLES, "99") == (
        "/lti/target-gone"
    )
