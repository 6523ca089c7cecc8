"""LtiSubmissionReviewRequest: Moodle's "view submission", routed to a registered page."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from lti_app.launch.review import ReviewTarget, register_review_target
from lti_app.lti.context import LaunchContext
from tests.support.launcher import Launcher, reason
from tests.support.platform import AGS_ENDPOINT, LEARNER_ROLES, LTI

FOR_USER = LTI + "for_user"


@pytest.fixture(autouse=True)
def no_review_page(app: Flask) -> None:
    """The app routes reviews to the submissions' page: these tests stand in their own."""
    app.extensions.pop("cartable_review_target", None)


@pytest.fixture
def opened(app: Flask) -> list[LaunchContext]:
    """Register a review page (the course home stands in) and record its launches."""
    seen: list[LaunchContext] = []

    def values(context: LaunchContext) -> dict[str, str]:
        seen.append(context)
        return {"review_of": context.for_user or ""}

    register_review_target(app, ReviewTarget("course.home", values))
    return seen


def _review(launcher: Launcher, **overrides: Any) -> Any:
    login = launcher.login()
    claims = launcher.platform.submission_review_claims(login.nonce, **overrides)
    return launcher.post(launcher.platform.sign(claims), login.state)


def test_staff_review_opens_the_registered_page_for_that_student(
    launcher: Launcher, opened: list[LaunchContext]
) -> None:
    response = _review(launcher)
    assert response.status_code == 303, response.text
    location = urlsplit(response.location)
    assert location.path == "/course/"
    assert parse_qs(location.query)["review_of"] == ["4"]
    (context,) = opened
    assert context.message_type == "LtiSubmissionReviewRequest"
    assert context.for_user == "4"
    assert context.is_staff
    assert context.services["ags"]["lineitem"].endswith("/lineitem?type_id=1")


def test_a_student_may_review_their_own_work(
    launcher: Launcher, opened: list[LaunchContext]
) -> None:
    response = _review(launcher, sub="4", **{LTI + "roles": LEARNER_ROLES})
    assert response.status_code == 303, response.text
    assert opened[0].for_user == "4"
    assert not opened[0].is_staff


def test_a_student_may_not_review_someone_elses_work(
    launcher: Launcher, opened: list[LaunchContext]
) -> None:
    response = _review(launcher, sub="5", **{LTI + "roles": LEARNER_ROLES})
    assert (response.status_code, reason(response)) == (403, "review-not-yours")
    assert opened == []


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        pytest.param({FOR_USER: None}, "review-invalid", id="no-for-user"),
        pytest.param({FOR_USER: {"roles": []}}, "review-invalid", id="no-user-id"),
        pytest.param({FOR_USER: {"user_id": ""}}, "review-invalid", id="empty-user-id"),
        pytest.param({FOR_USER: {"user_id": True}}, "review-invalid", id="bool-user"),
        pytest.param({FOR_USER: "4"}, "invalid-claims", id="for-user-not-object"),
        pytest.param(
            {AGS_ENDPOINT: {"lineitems": "https://m.test/li", "scope": []}},
            "review-invalid",
            id="no-lineitem",
        ),
        pytest.param({AGS_ENDPOINT: None}, "review-invalid", id="no-ags-claim"),
    ],
)
def test_a_malformed_review_request_is_refused(
    launcher: Launcher,
    opened: list[LaunchContext],
    overrides: dict[str, Any],
    code: str,
) -> None:
    response = _review(launcher, **overrides)
    assert (response.status_code, reason(response)) == (400, code)
    assert opened == []


def test_without_a_page_for_that_student_the_launch_says_not_yet(
    app: Flask, launcher: Launcher
) -> None:
    register_review_target(app, ReviewTarget("course.home", lambda context: None))
    response = _review(launcher)
    assert response.status_code == 303
    assert urlsplit(response.location).path == "/lti/not-yet"


def test_a_resource_link_launch_has_no_for_user(
    launcher: Launcher, opened: list[LaunchContext]
) -> None:
    response = launcher.launch(**{FOR_USER: {"user_id": "5"}})
    assert response.status_code == 303
    assert opened == []  # not a review: the course home, no review target called


def test_one_feature_owns_review_launches(app: Flask) -> None:
    register_review_target(app, ReviewTarget("course.home", lambda c: {}))
    with pytest.raises(ValueError, match="already registered"):
        register_review_target(app, ReviewTarget("modules.index", lambda c: {}))
