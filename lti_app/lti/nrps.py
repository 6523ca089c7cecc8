"""Names and Role Provisioning Services 2.0: the course roster, page after page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lti_app.lti import claims as c
from lti_app.lti.models import Platform
from lti_app.lti.service_http import ServiceError, json_body, service_url
from lti_app.lti.service_token import authorized

SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEMBERSHIPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_PAGES = 200


@dataclass(frozen=True)
class Member:
    """One person of the roster; ``user_id`` is their launch ``sub``."""

    user_id: str
    roles: tuple[str, ...]
    status: str
    name: str | None
    given_name: str | None
    family_name: str | None
    email: str | None

    @property
    def active(self) -> bool:
        """Absent status means Active (NRPS); Inactive and Deleted are not."""
        return self.status == "Active"

    @property
    def role(self) -> str:
        """The normalised course role (NRPS sends short roles like ``Learner``)."""
        return c.normalise_roles(self.roles).role


def memberships_url(claim: dict[str, Any] | None) -> str | None:
    """The roster URL of the launch's NRPS claim, when it offers version 2.0."""
    if not isinstance(claim, dict):
        return None
    url = claim.get("context_memberships_url")
    versions = claim.get("service_versions") or ["2.0"]
    if not isinstance(url, str) or "2.0" not in versions:
        return None
    return url


def _text(value: Any) -> str | None:
    return str(value)[:255] if value not in (None, "") else None


def _member(row: dict[str, Any]) -> Member | None:
    user_id = row.get("user_id")
    if user_id in (None, ""):
        return None
    roles = row.get("roles")
    return Member(
        user_id=str(user_id),
        roles=tuple(str(r) for r in roles) if isinstance(roles, list) else (),
        status=str(row.get("status") or "Active"),
        name=_text(row.get("name")),
        given_name=_text(row.get("given_name")),
        family_name=_text(row.get("family_name")),
        email=_text(row.get("email")),
    )


def fetch_members(
    platform: Platform,
    url: str,
    *,
    role: str | None = None,
    resource_link_id: str | None = None,
) -> list[Member]:
    """Every member (of a ``role``, of a link), following ``Link: rel="next"``."""
    filters = {"role": role, "rlid": resource_link_id}
    members: dict[str, Member] = {}
    seen: set[str] = set()
    next_url: str | None = service_url(
        url, **{name: value for name, value in filters.items() if value}
    )
    while next_url and next_url not in seen:
        if len(seen) >= MAX_PAGES:
            raise ServiceError(f"roster longer than {MAX_PAGES} pages")
        seen.add(next_url)
        response = authorized(
            platform, (SCOPE,), "GET", next_url, accept=MEMBERSHIPS_TYPE
        )
        page = json_body(response)
        rows = page.get("members") if isinstance(page, dict) else None
        if not isinstance(rows, list):
            raise ServiceError("the membership container has no members list")
        for row in rows:
            member = _member(row) if isinstance(row, dict) else None
            if member is not None:
                members[member.user_id] = member
        next_url = response.links.get("next", {}).get("url")
    return list(members.values())
