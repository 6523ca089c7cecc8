"""The service endpoints launches bring (AGS, NRPS), kept for sends made later.

A grade leaves from the worker, long after the launch: the worker needs the
course's ``lineitems`` and roster URLs, and the ``lineitem`` Moodle gave the
activity's own link (using it avoids a duplicate gradebook column). One row per
(course, resource link); a deep linking launch, which has no link, fills the
course's row (``resource_link_id`` empty).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from lti_app.course.rows import find_or_create
from lti_app.extensions import db
from lti_app.lti import claims as c
from lti_app.lti.ags import AgsEndpoint
from lti_app.lti.clock import utcnow
from lti_app.lti.context import LaunchContext
from lti_app.lti.nrps import memberships_url
from lti_app.lti.store import get_store

# A relaunch bringing the same endpoints within this time reads nothing.
RECORDED_SECONDS = 3600


class ServiceEndpoint(db.Model):  # type: ignore[name-defined,misc]
    """The AGS and NRPS URLs the last launch of a link (or course) carried."""

    __tablename__ = "course_service_endpoints"
    __table_args__ = (UniqueConstraint("course_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    resource_link_id: Mapped[str] = mapped_column(String(255), default="")
    lineitems_url: Mapped[str | None] = mapped_column(String(1024), default=None)
    lineitem_url: Mapped[str | None] = mapped_column(String(1024), default=None)
    ags_scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    memberships_url: Mapped[str | None] = mapped_column(String(1024), default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    def ags(self) -> AgsEndpoint:
        """The AGS claim as the client reads it."""
        return AgsEndpoint(
            self.lineitems_url, self.lineitem_url, tuple(self.ags_scopes or ())
        )


@dataclass(frozen=True)
class _Endpoints:
    lineitems_url: str | None
    lineitem_url: str | None
    ags_scopes: list[str]
    memberships_url: str | None


def _endpoints_of(services: dict[str, Any]) -> _Endpoints | None:
    ags = AgsEndpoint.from_claim(services.get("ags"))
    roster = memberships_url(services.get("nrps"))
    if ags is None and roster is None:
        return None
    return _Endpoints(
        ags.lineitems if ags else None,
        ags.lineitem if ags else None,
        list(ags.scopes) if ags else [],
        roster,
    )


def record_endpoints(context: LaunchContext) -> None:
    """Keep the launch's service URLs for its course and link (resource link and
    deep linking launches only: a review launch names someone else's item)."""
    if context.message_type not in {c.RESOURCE_LINK, c.DEEP_LINKING}:
        return
    found = _endpoints_of(context.services)
    if found is None:
        return
    link = context.resource_link_id or ""
    text = json.dumps([context.course_id, link, found.__dict__], sort_keys=True)
    key = "endpoints:" + hashlib.sha256(text.encode()).hexdigest()
    store = get_store()
    if store.get(key) is not None:
        return
    row, _created = find_or_create(
        select(ServiceEndpoint).where(
            ServiceEndpoint.course_id == context.course_id,
            ServiceEndpoint.resource_link_id == link,
        ),
        ServiceEndpoint,
        {"course_id": context.course_id, "resource_link_id": link},
    )
    row.lineitems_url = found.lineitems_url
    row.lineitem_url = found.lineitem_url
    row.ags_scopes = found.ags_scopes
    row.memberships_url = found.memberships_url
    row.updated_at = utcnow()
    db.session.commit()
    store.put(key, "1", RECORDED_SECONDS)


def find_link_endpoint(course_id: int, resource_link_id: str) -> ServiceEndpoint | None:
    """The endpoints the last launch of this link brought."""
    return db.session.scalar(
        select(ServiceEndpoint).where(
            ServiceEndpoint.course_id == course_id,
            ServiceEndpoint.resource_link_id == resource_link_id,
        )
    )


def find_course_endpoint(
    course_id: int, *, roster: bool = False
) -> ServiceEndpoint | None:
    """The latest endpoints of the course with a line items (or roster) URL."""
    column = (
        ServiceEndpoint.memberships_url if roster else ServiceEndpoint.lineitems_url
    )
    return db.session.scalar(
        select(ServiceEndpoint)
        .where(ServiceEndpoint.course_id == course_id, column.is_not(None))
        .order_by(ServiceEndpoint.updated_at.desc(), ServiceEndpoint.id.desc())
        .limit(1)
    )
