"""The AGS client against an independent Moodle-like platform over real HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from lti_app.lti import ags as client
from lti_app.lti import registry
from lti_app.lti.ags import AgsEndpoint, LineItemSpec, Score
from lti_app.lti.models import Platform
from lti_app.lti.service_http import ServiceError, service_url
from tests.support.ags_platform import AgsPlatform
from tests.support.platform import Platform as LtiPlatform

SPEC = LineItemSpec(
    resource_id="assignment-7",
    label="Dépôt",
    score_maximum=20,
    tag="dropoff",
    resource_link_id="12",
)


@pytest.fixture
def registration(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> Iterator[Platform]:
    with app.app_context():
        found = registry.find_platform_exact(platform.issuer, platform.client_id)
        assert found is not None
        yield found


def _endpoint(double: AgsPlatform, lineitem: int | None = None) -> AgsEndpoint:
    endpoint = AgsEndpoint.from_claim(double.ags_claim(lineitem))
    assert endpoint is not None
    return endpoint


def _resolve(registration: Platform, endpoint: AgsEndpoint) -> str:
    return client.resolve_line_item(registration, endpoint, SPEC)


def test_scores_path_goes_before_moodles_query_string() -> None:
    url = "http://m.test/mod/lti/services.php/2/lineitems/2/lineitem?type_id=1"
    assert service_url(url, "/scores") == (
        "http://m.test/mod/lti/services.php/2/lineitems/2/lineitem/scores?type_id=1"
    )
    assert service_url(url, "/results", user_id="5") == (
        "http://m.test/mod/lti/services.php/2/lineitems/2/lineitem/results"
        "?type_id=1&user_id=5"
    )


def test_the_launchs_lineitem_is_used_without_listing_or_creating(
    registration: Platform, ags: AgsPlatform
) -> None:
    own = ags.add_line_item("Activity", 100, resource_link_id="12")
    url = _resolve(registration, _endpoint(ags, own.id))
    assert url == ags.lineitem_url(own.id)
    assert len(ags.items) == 1
    assert not [c for c in ags.calls if c.path.endswith("/lineitems")]


def test_ours_is_found_among_every_item_of_the_course_across_pages(
    registration: Platform, ags: AgsPlatform
) -> None:
    ags.page_size = 1
    ags.add_line_item("Other activity", 10, resource_link_id="3", tag="dropoff")
    ags.add_line_item("Same link, other tag", 10, resource_link_id="12", tag="quiz")
    mine = ags.add_line_item("Dépôt", 20, resource_link_id="12", tag="dropoff")
    assert _resolve(registration, _endpoint(ags)) == ags.lineitem_url(mine.id)
    listed = [c for c in ags.calls if c.path.endswith("/lineitems")]
    assert len(listed) == 3  # Link rel="next" followed to the last page
    assert all(c.method == "GET" for c in listed)
    assert listed[0].headers["accept"] == client.LINEITEMS_TYPE


def test_found_by_resource_id_when_the_link_changed(
    registration: Platform, ags: AgsPlatform
) -> None:
    copied = ags.add_line_item("Dépôt", 20, resource_id="assignment-7", tag="dropoff")
    assert _resolve(registration, _endpoint(ags)) == ags.lineitem_url(copied.id)


def test_created_only_when_none_exists_with_submission_review(
    registration: Platform, ags: AgsPlatform
) -> None:
    ags.add_line_item("Other activity", 10, resource_link_id="3")
    url = _resolve(registration, _endpoint(ags))
    created = ags.items[max(ags.items)]
    assert url == ags.lineitem_url(created.id)
    assert (created.label, created.score_maximum) == ("Dépôt", 20)
    assert (created.resource_id, created.tag, created.resource_link_id) == (
        "assignment-7",
        "dropoff",
        "12",
    )
    assert created.submission_review is not None
    (post,) = [
        c for c in ags.calls if c.method == "POST" and c.path.endswith("/lineitems")
    ]
    assert post.headers["content-type"] == client.LINEITEM_TYPE
    assert _resolve(registration, _endpoint(ags)) == url  # found, not re-created
    assert len(ags.items) == 2


def _score(user: str = "5", given: float = 42) -> Score:
    return Score(user_id=user, score_given=given, score_maximum=50, comment="Bien.")


def test_score_payload_and_url(registration: Platform, ags: AgsPlatform) -> None:
    item = ags.add_line_item("Activity", 100, resource_link_id="12")
    sent = client.post_score(
        registration,
        _endpoint(ags, item.id),
        ags.lineitem_url(item.id),
        _score(),
        last=None,
    )
    (call,) = ags.scores()
    assert call.status == 200
    assert call.path == f"/mod/lti/services.php/2/lineitems/{item.id}/lineitem/scores"
    assert call.query == {"type_id": "1"}
    assert call.headers["content-type"] == "application/vnd.ims.lis.v1.score+json"
    assert call.headers["authorization"].startswith("Bearer ")
    body = json.loads(call.body)
    assert body == {
        "userId": "5",
        "scoreGiven": 42,
        "scoreMaximum": 50,
        "comment": "Bien.",
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": sent.replace(tzinfo=UTC).isoformat(),
    }
    assert item.grades["5"]["score"] == pytest.approx(84)  # scaled to the item's 100
    result = client.read_result(
        registration, _endpoint(ags, item.id), ags.lineitem_url(item.id), "5"
    )
    assert result is not None
    assert (result.score, result.maximum, result.comment) == (84, 100, "Bien.")
    (read,) = [c for c in ags.calls if c.path.endswith("/results")]
    assert read.query == {"type_id": "1", "user_id": "5"}
    assert read.headers["accept"] == client.RESULTS_TYPE


def test_two_sends_in_one_second_get_increasing_timestamps(
    registration: Platform, ags: AgsPlatform
) -> None:
    item = ags.add_line_item("Activity", 100)
    endpoint, url = _endpoint(ags, item.id), ags.lineitem_url(item.id)
    first = client.post_score(registration, endpoint, url, _score(given=10), last=None)
    second = client.post_score(
        registration, endpoint, url, _score(given=30), last=first
    )
    assert second > first
    assert [c.status for c in ags.scores()] == [200, 200]
    assert item.grades["5"]["score"] == pytest.approx(60)


def test_same_second_409_steps_the_time_and_never_drops_the_grade(
    registration: Platform, ags: AgsPlatform
) -> None:
    item = ags.add_line_item("Activity", 100)
    # The gradebook holds a grade stamped this very second (another send, a teacher).
    item.grades["5"] = {"score": 1.0, "timestamp": int(time.time()) + 2, "comment": ""}
    recorded: list[datetime] = []
    sent = client.post_score(
        registration,
        _endpoint(ags, item.id),
        ags.lineitem_url(item.id),
        _score(),
        last=None,
        before_send=recorded.append,
    )
    statuses = [c.status for c in ags.scores()]
    assert statuses[-1] == 200
    assert 409 in statuses
    assert recorded[-1] == sent
    assert recorded == sorted(set(recorded))
    assert item.grades["5"]["score"] == pytest.approx(84)


def test_a_newer_grade_in_the_lms_is_a_transient_conflict(
    registration: Platform, ags: AgsPlatform
) -> None:
    item = ags.add_line_item("Activity", 100)
    future = int(time.time()) + 3600
    item.grades["5"] = {"score": 1.0, "timestamp": future, "comment": ""}
    with pytest.raises(ServiceError) as conflict:
        client.post_score(
            registration,
            _endpoint(ags, item.id),
            ags.lineitem_url(item.id),
            _score(),
            last=None,
        )
    assert (conflict.value.status, conflict.value.transient) == (409, True)
    assert len(ags.scores()) == client.CONFLICT_STEPS + 1


def test_a_score_for_staff_is_refused_with_400(
    registration: Platform, ags: AgsPlatform
) -> None:
    item = ags.add_line_item("Activity", 100)
    with pytest.raises(ServiceError) as refused:
        client.post_score(
            registration,
            _endpoint(ags, item.id),
            ags.lineitem_url(item.id),
            _score(user="3"),
            last=None,
        )
    assert (refused.value.status, refused.value.transient) == (400, False)
    assert "Incorrect score received" in str(refused.value)
    assert "3" not in item.grades


def test_only_fully_graded_is_ever_sent(
    registration: Platform, ags: AgsPlatform
) -> None:
    payload = client.score_payload(_score(), datetime(2026, 11, 26, 22, 40, 31))
    assert payload["gradingProgress"] == "FullyGraded"
    assert payload["activityProgress"] == "Completed"
    assert payload["timestamp"] == "2026-11-26T22:40:31+00:00"


@pytest.mark.parametrize(
    ("last", "now", "expected"),
    [
        (None, "12:00:00.700", "12:00:00"),
        ("12:00:00", "12:00:00.900", "12:00:01"),
        ("12:00:05", "12:00:01", "12:00:06"),
        ("11:59:00", "12:00:00.100", "12:00:00"),
    ],
)
def test_next_timestamp_is_whole_seconds_and_strictly_later(
    last: str | None, now: str, expected: str
) -> None:
    def at(text: str) -> datetime:
        return datetime.fromisoformat("2026-11-27T" + text)

    stamp = client.next_timestamp(at(last) if last else None, at(now))
    assert stamp == at(expected)
    if last:
        assert stamp - at(last) >= timedelta(seconds=1)
