"""Assignment and Grade Services 2.0 client: line items, scores, results.

Moodle's habits (shared/lti/MOODLE.md) shape it: line item URLs carry a query
string (``/scores`` goes before it), the ``lineitems`` container lists every item
of the tool in the course (we filter ourselves), a score not strictly newer than
the stored one at one-second resolution is refused with 409, and any
``gradingProgress`` but ``FullyGraded`` clears the grade: we send only that one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from lti_app.lti.models import Platform
from lti_app.lti.service_http import ServiceError, json_body, service_url
from lti_app.lti.service_token import authorized

SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/"
SCOPE_LINEITEM = SCOPE + "lineitem"
SCOPE_LINEITEM_READ = SCOPE + "lineitem.readonly"
SCOPE_RESULT_READ = SCOPE + "result.readonly"
SCOPE_SCORE = SCOPE + "score"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
RESULTS_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"
MAX_PAGES = 50
# A 409 means the platform holds a grade at least as new as ours: step this many
# times, one second each, before leaving it to a later retry.
CONFLICT_STEPS = 3


@dataclass(frozen=True)
class AgsEndpoint:
    """The AGS claim of a launch: where line items live and what we may do."""

    lineitems: str | None
    lineitem: str | None
    scopes: tuple[str, ...]

    @classmethod
    def from_claim(cls, claim: dict[str, Any] | None) -> AgsEndpoint | None:
        """Read the claim as a launch stored it; None when absent or unusable."""
        if not isinstance(claim, dict):
            return None
        scopes = claim.get("scope")
        scopes = scopes if isinstance(scopes, list) else []
        lineitems, lineitem = claim.get("lineitems"), claim.get("lineitem")
        return cls(
            lineitems=lineitems if isinstance(lineitems, str) else None,
            lineitem=lineitem if isinstance(lineitem, str) else None,
            scopes=tuple(str(s) for s in scopes),
        )

    def allows(self, scope: str) -> bool:
        """Whether the platform offered this scope at launch."""
        return scope in self.scopes


@dataclass(frozen=True)
class LineItemSpec:
    """The gradebook column a Cartable activity wants.

    ``resource_id`` is ours (stable across course copies); ``resource_link_id`` is
    the LMS link the activity is launched from, when known.
    """

    resource_id: str
    label: str
    score_maximum: float
    tag: str = ""
    resource_link_id: str | None = None
    review_custom: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Score:
    """One grade for one learner (``user_id`` is their launch ``sub``)."""

    user_id: str
    score_given: float
    score_maximum: float
    comment: str = ""


@dataclass(frozen=True)
class Result:
    """What the platform's gradebook holds for one learner."""

    user_id: str
    score: float | None
    maximum: float | None
    comment: str | None


def _scopes(endpoint: AgsEndpoint, needed: str) -> tuple[str, ...]:
    """Every AGS scope the launch offered when it includes ``needed``.

    One scope set means one cached token for all of a course's AGS calls; Moodle
    grants the intersection of what we ask and what the tool may do.
    """
    if endpoint.allows(needed):
        return tuple(s for s in endpoint.scopes if s.startswith(SCOPE))
    return (needed,)


def _pages(
    platform: Platform, url: str, scopes: tuple[str, ...], accept: str
) -> Iterator[Any]:
    """Each page of a container, following ``Link: rel="next"`` (loops cut)."""
    seen: set[str] = set()
    next_url: str | None = url
    while next_url and next_url not in seen and len(seen) < MAX_PAGES:
        seen.add(next_url)
        response = authorized(platform, scopes, "GET", next_url, accept=accept)
        yield json_body(response)
        next_url = response.links.get("next", {}).get("url")


def list_line_items(
    platform: Platform, endpoint: AgsEndpoint, spec: LineItemSpec
) -> list[dict[str, Any]]:
    """Every line item of the container; the filters are hints Moodle ignores."""
    if not endpoint.lineitems:
        raise ServiceError("the launch gave no line items URL")
    params = {"resource_id": spec.resource_id}
    if spec.resource_link_id:
        params["resource_link_id"] = spec.resource_link_id
    if spec.tag:
        params["tag"] = spec.tag
    url = service_url(endpoint.lineitems, **params)
    read = SCOPE_LINEITEM_READ
    scopes = _scopes(endpoint, read if endpoint.allows(read) else SCOPE_LINEITEM)
    items: list[dict[str, Any]] = []
    for page in _pages(platform, url, scopes, LINEITEMS_TYPE):
        if not isinstance(page, list):
            raise ServiceError("the line items container is not a JSON array")
        items.extend(item for item in page if isinstance(item, dict))
    return items


def matches(item: dict[str, Any], spec: LineItemSpec) -> bool:
    """Ours: same resource id, or same resource link and tag."""
    if item.get("resourceId") and item.get("resourceId") == spec.resource_id:
        return (item.get("tag") or "") == spec.tag
    return bool(spec.resource_link_id) and (
        str(item.get("resourceLinkId") or "") == spec.resource_link_id
        and (item.get("tag") or "") == spec.tag
    )


def create_line_item(
    platform: Platform,
    endpoint: AgsEndpoint,
    spec: LineItemSpec,
    review_url: str | None = None,
) -> str:
    """Create the column, reviewable from the gradebook; return its URL."""
    if not endpoint.lineitems:
        raise ServiceError("the launch gave no line items URL")
    body: dict[str, Any] = {
        "label": spec.label,
        "scoreMaximum": spec.score_maximum,
        "resourceId": spec.resource_id,
        "tag": spec.tag,
        "submissionReview": {"reviewableStatus": ["Submitted", "Completed"]},
    }
    if spec.resource_link_id:
        body["resourceLinkId"] = spec.resource_link_id
    if review_url:
        body["submissionReview"]["url"] = review_url
    if spec.review_custom:
        body["submissionReview"]["custom"] = dict(spec.review_custom)
    response = authorized(
        platform,
        _scopes(endpoint, SCOPE_LINEITEM),
        "POST",
        endpoint.lineitems,
        accept=LINEITEM_TYPE,
        content_type=LINEITEM_TYPE,
        body=body,
    )
    created = json_body(response)
    if not isinstance(created, dict) or not isinstance(created.get("id"), str):
        raise ServiceError("the created line item has no id URL", response.status_code)
    return str(created["id"])


def resolve_line_item(
    platform: Platform,
    endpoint: AgsEndpoint,
    spec: LineItemSpec,
    review_url: str | None = None,
) -> str:
    """The launch's own column when it has one; else ours found; else a new one."""
    if endpoint.lineitem:
        return endpoint.lineitem
    for item in list_line_items(platform, endpoint, spec):
        if matches(item, spec) and isinstance(item.get("id"), str):
            return str(item["id"])
    return create_line_item(platform, endpoint, spec, review_url)


def next_timestamp(last: datetime | None, now: datetime | None = None) -> datetime:
    """Now in whole seconds, or one second after the last one sent if that is later.

    Moodle keeps whole seconds and refuses a score that is not strictly newer.
    Naive UTC in and out, as the database stores it.
    """
    current = (now or datetime.now(UTC).replace(tzinfo=None)).replace(microsecond=0)
    if last is None:
        return current
    return max(current, last.replace(microsecond=0) + timedelta(seconds=1))


def score_payload(score: Score, timestamp: datetime) -> dict[str, Any]:
    """The score document: always Completed and FullyGraded."""
    return {
        "userId": score.user_id,
        "scoreGiven": score.score_given,
        "scoreMaximum": score.score_maximum,
        "comment": score.comment,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": timestamp.replace(tzinfo=UTC).isoformat(),
    }


def post_score(
    platform: Platform,
    endpoint: AgsEndpoint,
    lineitem: str,
    score: Score,
    *,
    last: datetime | None,
    before_send: Callable[[datetime], None] = lambda _: None,
) -> datetime:
    """POST the score, stepping past same-second conflicts; return the timestamp sent.

    ``before_send`` records each timestamp before it leaves, so that a crash
    after the platform stored it still makes the next attempt newer.
    """
    url = service_url(lineitem, "/scores")
    for step in range(CONFLICT_STEPS + 1):
        timestamp = next_timestamp(last)
        before_send(timestamp)
        try:
            authorized(
                platform,
                _scopes(endpoint, SCOPE_SCORE),
                "POST",
                url,
                accept="application/json",
                content_type=SCORE_TYPE,
                body=score_payload(score, timestamp),
            )
        except ServiceError as exc:
            if exc.status != 409 or step == CONFLICT_STEPS:
                if exc.status == 409:
                    exc.transient = True  # the platform holds a newer grade for now
                raise
            last = timestamp
            continue
        return timestamp
    raise AssertionError("unreachable")  # pragma: no cover


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def read_result(
    platform: Platform, endpoint: AgsEndpoint, lineitem: str, user_id: str
) -> Result | None:
    """What the gradebook holds for this learner, through the results service."""
    url = service_url(lineitem, "/results", user_id=user_id)
    scopes = _scopes(endpoint, SCOPE_RESULT_READ)
    for page in _pages(platform, url, scopes, RESULTS_TYPE):
        for row in page if isinstance(page, list) else []:
            if isinstance(row, dict) and str(row.get("userId")) == user_id:
                return Result(
                    user_id=user_id,
                    score=_number(row.get("resultScore")),
                    maximum=_number(row.get("resultMaximum")),
                    comment=row.get("comment")
                    if isinstance(row.get("comment"), str)
                    else None,
                )
    return None
