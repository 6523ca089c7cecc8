"""The outbox handler of ``ags.score``: resolve the column, POST the score, read back.

Every step that matters is committed before the next network call: the line item
URL once found, each score timestamp before it leaves, the "sent" state once the
LMS accepted. A crash anywhere is retried by the worker (the lease expires) and
never loses the grade; a message already sent, or superseded by a newer grade,
sends nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from lti_app.course.endpoints import find_course_endpoint, find_link_endpoint
from lti_app.course.models import Course, User
from lti_app.extensions import db
from lti_app.gradebook import reasons
from lti_app.gradebook.models import FAILED, SENT, GradeLineItem, GradeSync
from lti_app.lti import ags
from lti_app.lti.ags import AgsEndpoint, LineItemSpec, Score
from lti_app.lti.clock import utcnow
from lti_app.lti.models import Platform
from lti_app.lti.service_http import ServiceError
from lti_app.lti.service_token import TokenError
from lti_app.lti.store import get_store
from lti_app.outbox.service import OutboxMessage, Refused, RetryLater

log = logging.getLogger(__name__)
LOCK_SECONDS = 60


def _endpoint(item: GradeLineItem) -> AgsEndpoint:
    """The link's own AGS claim when its launch brought one, else the course's."""
    row = None
    if item.resource_link_id:
        row = find_link_endpoint(item.course_id, item.resource_link_id)
    if row is None or not (row.lineitem_url or row.lineitems_url):
        row = find_course_endpoint(item.course_id)
    if row is None:
        raise Refused("no launch has brought this course's AGS endpoint yet")
    return row.ags()


def _line_item_url(
    platform: Platform, item: GradeLineItem, endpoint: AgsEndpoint
) -> str:
    """Resolved once per column; a lock keeps two workers from creating two."""
    if item.lms_url:
        return item.lms_url
    lock = f"gradebook:line-item:{item.id}"
    if not get_store().add(lock, "1", LOCK_SECONDS):
        raise RetryLater("another worker is resolving this line item")
    try:
        spec = LineItemSpec(
            item.resource_id,
            item.label,
            item.score_maximum,
            item.tag,
            item.resource_link_id,
        )
        item.lms_url = ags.resolve_line_item(platform, endpoint, spec)
        db.session.commit()
    finally:
        get_store().delete(lock)
    return item.lms_url


def _fail(sync: GradeSync, error: ServiceError) -> None:
    """Record the LMS's reason; transient failures wait for the worker's retry."""
    sync.reason_code = reasons.code_of(error)
    sync.reason = str(error)
    if not error.transient:
        sync.state = FAILED
    db.session.commit()
    log.warning(
        "ags score not sent sync=%s reason=%s status=%s",
        sync.id,
        sync.reason_code,
        error.status,
    )
    if error.transient:
        raise RetryLater(str(error)) from error
    raise Refused(str(error)) from error


def _send(sync: GradeSync, platform: Platform, endpoint: AgsEndpoint, url: str) -> None:
    user = db.session.get(User, sync.membership.user_id)
    assert user is not None  # noqa: S101 - a membership always has its user

    def remember(timestamp: datetime) -> None:
        sync.last_timestamp = timestamp
        db.session.commit()

    score = Score(user.sub, sync.score_given, sync.score_maximum, sync.comment)
    ags.post_score(
        platform, endpoint, url, score, last=sync.last_timestamp, before_send=remember
    )
    sync.state, sync.sent_revision, sync.sent_at = SENT, sync.revision, utcnow()
    sync.reason_code = sync.reason = None
    sync.lms_score = sync.lms_maximum = None  # until read back: never a stale value
    db.session.commit()
    _read_back(sync, platform, endpoint, url, user.sub)


def _read_back(
    sync: GradeSync, platform: Platform, endpoint: AgsEndpoint, url: str, sub: str
) -> None:
    """What the gradebook now holds; a failed read-back does not unsend the grade."""
    try:
        result = ags.read_result(platform, endpoint, url, sub)
    except ServiceError as exc:
        log.info(
            "ags read-back failed sync=%s reason=%s status=%s",
            sync.id,
            reasons.code_of(exc),
            exc.status,
        )
        return
    if result is not None:
        sync.lms_score, sync.lms_maximum = result.score, result.maximum
        db.session.commit()


def send_score(message: OutboxMessage) -> None:
    """Deliver one ``ags.score`` message (registered with the outbox by create_app)."""
    payload = message.payload
    sync = db.session.get(GradeSync, int(payload["sync_id"]), populate_existing=True)
    revision = int(payload["revision"])
    if sync is None or revision < sync.revision:
        return  # deleted, or a newer grade has its own message
    if sync.sent_revision == revision and not payload.get("resend"):
        return  # sent before a crash hid it from the outbox
    course = db.session.get(Course, sync.course_id)
    platform = db.session.get(Platform, course.platform_id) if course else None
    if platform is None or not platform.active:
        raise Refused("the platform registration is gone or inactive")
    item = sync.line_item
    try:
        endpoint = _endpoint(item)
        url = _line_item_url(platform, item, endpoint)
        _send(sync, platform, endpoint, url)
    except Refused as refused:
        sync.state, sync.reason_code = FAILED, "no-grade-service"
        sync.reason = refused.reason
        db.session.commit()
        raise
    except ServiceError as error:
        if error.status == 404 and item.lms_url and not isinstance(error, TokenError):
            item.lms_url = None  # the column was deleted in the LMS: find it anew
            error.transient = True
        _fail(sync, error)
