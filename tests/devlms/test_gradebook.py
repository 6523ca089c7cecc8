"""The development LMS's gradebook and roster, driven by the tool over real HTTP."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import jwt
import pytest
import requests
from sqlalchemy import select

from lti_app.course.models import Membership, User
from lti_app.extensions import db
from lti_app.gradebook import service
from lti_app.lti import ags, keys, nrps, registry, service_token
from lti_app.lti.ags import AgsEndpoint, LineItemSpec, Score
from lti_app.lti.models import Platform
from lti_app.lti.service_http import ServiceError
from lti_app.outbox import service as outbox
from tests.devlms.conftest import LiveDemo
from tests.devlms.driver import parse
from tests.support.platform import RsaKey, private_key

AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
ASSIGNMENT = 3
SPEC = LineItemSpec(
    "partenariat", "Travailler sur une situation de partenariat", 20, "dropoff", "3"
)


@pytest.fixture
def demo(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    """The tool on plain http: the LMS fetches its JWKS without the test CA."""
    return make_live_demo(tool_tls=False)


def _registration(demo: LiveDemo) -> Platform:
    found = registry.find_platform_exact(demo.info.issuer, demo.info.client_id)
    assert found is not None
    return found


def test_a_graded_activitys_launch_carries_its_column_and_the_roster(
    demo: LiveDemo,
) -> None:
    claims = demo.browser().launch(person=4, activity=ASSIGNMENT).claims()
    issuer = demo.info.issuer
    assert claims[AGS_CLAIM]["lineitem"] == (
        f"{issuer}/services/2/lineitems/1/lineitem?type_id=1"
    )
    assert claims[AGS_CLAIM]["lineitems"] == f"{issuer}/services/2/lineitems?type_id=1"
    assert set(claims[AGS_CLAIM]["scope"]) == set(service_token_scopes())
    assert claims[NRPS_CLAIM]["context_memberships_url"].endswith(
        "/services/CourseSection/2/bindings/1/memberships"
    )
    other = demo.browser().launch(person=4, activity=1).claims()
    assert "lineitem" not in other[AGS_CLAIM]  # no column of its own


def service_token_scopes() -> list[str]:
    base = "https://purl.imsglobal.org/spec/lti-ags/scope/"
    return [
        base + s for s in ("lineitem", "lineitem.readonly", "result.readonly", "score")
    ]


def test_a_released_grade_reaches_the_lms_gradebook(demo: LiveDemo) -> None:
    demo.browser().launch(person=4, activity=ASSIGNMENT)
    with demo.app.app_context():
        membership = db.session.scalars(
            select(Membership).join(User).where(User.sub == "4")
        ).one()
        service.publish_grade(
            course_id=membership.course_id,
            membership_id=membership.id,
            item=SPEC,
            score_given=16,
            score_maximum=20,
            comment="Analyse précise du partenariat.",
        )
        db.session.commit()
        assert outbox.process_due() == 1
        (state,) = service.list_grade_states(
            membership.course_id, "partenariat"
        ).values()
    assert state.state == "sent"
    assert state.confirmed
    page = demo.browser().get("/dev/lms/course/2/grades")
    assert page.status_code == 200
    row = next(line for line in page.text.splitlines() if "Inès Moreau" in line)
    assert "16" in page.text
    assert "Analyse précise du partenariat." in page.text
    assert "Inès Moreau" in row
    assert parse(page).lang == "fr"


def test_the_token_endpoint_verifies_the_assertion_with_the_tools_jwks(
    demo: LiveDemo,
) -> None:
    token_url = demo.info.auth_token_url
    with demo.app.app_context():
        good = service_token.client_assertion(_registration(demo))
        kid = keys.current_signing_key().kid
    claims = jwt.decode(good, options={"verify_signature": False})
    forged = jwt.encode(
        claims, RsaKey(kid, private_key("forger")).private, "RS256", {"kid": kid}
    )
    elsewhere = jwt.encode(
        {**claims, "aud": "https://elsewhere.test/token"},
        RsaKey(kid, private_key("forger")).private,
        "RS256",
        {"kid": kid},
    )

    def ask(
        assertion: str, scope: str = service_token_scopes()[3]
    ) -> requests.Response:
        form = {
            "grant_type": "client_credentials",
            "client_assertion_type": service_token.ASSERTION_TYPE,
            "client_assertion": assertion,
            "scope": scope,
        }
        return requests.post(token_url, data=form, timeout=10)

    assert ask(forged).status_code == 401
    assert ask(elsewhere).status_code == 401
    refused = ask(good, scope="https://example.test/other-scope")
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_scope")
    answer = ask(good)
    assert answer.status_code == 200
    assert answer.json()["expires_in"] == 3600
    assert answer.json()["scope"] == service_token_scopes()[3]


def test_moodles_refusals_409_and_400(demo: LiveDemo) -> None:
    claims = demo.browser().launch(person=4, activity=ASSIGNMENT).claims()
    endpoint = AgsEndpoint.from_claim(claims[AGS_CLAIM])
    assert endpoint is not None
    assert endpoint.lineitem
    with demo.app.app_context():
        registration = _registration(demo)
        now = ags.next_timestamp(None)
        ags.post_score(
            registration, endpoint, endpoint.lineitem, Score("5", 12, 20), last=None
        )
        with pytest.raises(ServiceError) as conflict:  # same second, not stepped
            _post_at(registration, endpoint, "5", now)
        assert conflict.value.status == 409
        with pytest.raises(ServiceError) as staff:
            ags.post_score(
                registration, endpoint, endpoint.lineitem, Score("3", 12, 20), last=None
            )
        assert staff.value.status == 400
        result = ags.read_result(registration, endpoint, endpoint.lineitem, "5")
    assert result is not None
    assert result.score == 12


def _post_at(
    registration: Platform, endpoint: AgsEndpoint, user: str, at: datetime
) -> None:
    """One raw POST with a given timestamp (no stepping), as a careless tool would."""
    token = service_token.access_token(registration, endpoint.scopes)
    url = ags.service_url(str(endpoint.lineitem), "/scores")
    body = ags.score_payload(Score(user, 14, 20), at)
    response = requests.post(
        url,
        json=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": ags.SCORE_TYPE},
        timeout=10,
    )
    if response.status_code != 200:
        raise ServiceError(response.text, response.status_code)


def test_the_roster_is_paged_and_refreshes_the_course(demo: LiveDemo) -> None:
    claims = demo.browser().launch(person=3, activity=1).claims()
    url = claims[NRPS_CLAIM]["context_memberships_url"]
    with demo.app.app_context():
        members = nrps.fetch_members(_registration(demo), url + "?limit=4")
        assert len(members) == 11  # everyone enrolled; the site admin is not
        assert {m.user_id for m in members if m.role == "instructor"} == {"3"}
        course_id = db.session.scalars(select(Membership)).first().course_id
        service.refresh_roster(course_id)
        roster = {m.sub: m for m in service.list_roster(course_id)}
    assert roster["13"].display_name == "Malo Bertin"
    assert roster["8"].role == "student"


def test_a_wait_between_sends_is_not_needed(demo: LiveDemo) -> None:
    claims = demo.browser().launch(person=6, activity=ASSIGNMENT).claims()
    endpoint = AgsEndpoint.from_claim(claims[AGS_CLAIM])
    assert endpoint is not None
    assert endpoint.lineitem
    with demo.app.app_context():
        registration = _registration(demo)
        start = time.monotonic()
        last = None
        for score in (10, 11, 12):
            last = ags.post_score(
                registration,
                endpoint,
                endpoint.lineitem,
                Score("6", score, 20),
                last=last,
            )
        result = ags.read_result(registration, endpoint, endpoint.lineitem, "6")
    assert result is not None
    assert result.score == 12
    assert time.monotonic() - start < 5  # stepped timestamps, no sleeping
