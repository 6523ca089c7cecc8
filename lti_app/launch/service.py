"""Turn a validated launch into stored rows and a launch context."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from flask import current_app

from lti_app.course.endpoints import record_endpoints
from lti_app.course.origin import CUSTOM_KEY as ORIGIN_KEY
from lti_app.course.origin import course_key
from lti_app.course.roster_jobs import refresh_if_stale
from lti_app.course.service import record_launch
from lti_app.launch.targets import CUSTOM_KEY, list_targets
from lti_app.lti import claims as c
from lti_app.lti.context import (
    LaunchContext,
    LaunchFacts,
    facts_of,
    for_user_of,
    locale_of,
    services_of,
)
from lti_app.lti.deep_linking import DeepLinkingSettings, ResourceLinkItem
from lti_app.lti.errors import LtiError
from lti_app.lti.session import new_launch_id, save_launch
from lti_app.lti.store import get_store
from lti_app.lti.validation import ValidLaunch
from lti_app.privacy import was_erased

# A relaunch bringing exactly the same facts within this time writes nothing: the
# rows already say it all (``last_launch_at`` is then updated at most this often).
RECORDED_SECONDS = 3600
# Launches after which staff pages list people: their roster is kept fresh.
_ROSTER_MESSAGES = frozenset({c.RESOURCE_LINK, c.DEEP_LINKING})


@dataclass(frozen=True)
class _Recorded:
    user_id: int
    course_id: int
    membership_id: int
    role: str
    user_name: str
    course_title: str


def _record(facts: LaunchFacts) -> _Recorded:
    """Upsert the launch's rows, unless the same facts were recorded a moment ago."""
    text = json.dumps(asdict(facts), sort_keys=True)
    key = "recorded:" + hashlib.sha256(text.encode()).hexdigest()
    store = get_store()
    cached = store.get(key)
    if cached is not None:
        recorded = _Recorded(**json.loads(cached))
        if not was_erased(recorded.user_id):  # an erased person starts afresh
            return recorded
    rows = record_launch(facts)
    recorded = _Recorded(
        rows.user.id,
        rows.course.id,
        rows.membership.id,
        rows.role,
        rows.user.known_name,  # "" when unnamed: pages show a label in their language
        rows.course.display_title,
    )
    store.put(key, json.dumps(asdict(recorded)), RECORDED_SECONDS)
    return recorded


def start_session(valid: ValidLaunch) -> LaunchContext:
    """Record the launch (user, course, membership, link) and keep its context."""
    claims = valid.claims
    facts = facts_of(claims, valid.platform.id, valid.deployment.id)
    recorded = _record(facts)
    presentation = claims.get(c.LAUNCH_PRESENTATION) or {}
    context = LaunchContext(
        launch_id=new_launch_id(),
        platform_id=valid.platform.id,
        issuer=valid.platform.issuer,
        client_id=valid.platform.client_id,
        deployment_id=valid.deployment.deployment_id,
        course_id=recorded.course_id,
        context_id=facts.context_id,
        course_title=recorded.course_title,
        user_id=recorded.user_id,
        membership_id=recorded.membership_id,
        sub=facts.sub,
        user_name=recorded.user_name,
        role=recorded.role,
        role_recognised=facts.role_recognised,
        locale=locale_of(claims, current_app.config["CARTABLE_DEFAULT_LOCALE"]),
        message_type=str(claims[c.MESSAGE_TYPE]),
        resource_link_id=facts.resource_link_id,
        resource_link_title=facts.resource_link_title,
        return_url=presentation.get("return_url"),
        document_target=presentation.get("document_target"),
        lti_roles=facts.lti_roles,
        custom=facts.custom,
        services=services_of(claims),
        for_user=for_user_of(claims),
    )
    record_endpoints(context)
    if context.role in c.STAFF_ROLES and context.message_type in _ROSTER_MESSAGES:
        refresh_if_stale(context.course_id)  # names without a click, by the worker
    save_launch(context)
    return context


def deep_link_items(
    names: list[str],
    launch_url: str,
    settings: DeepLinkingSettings,
    context: LaunchContext,
) -> list[ResourceLinkItem]:
    """One resource link per chosen target, all opening at the registered launch URL.

    The target travels in ``custom``: Moodle makes an item's URL the launch's
    ``target_link_uri``, and our ``redirect_uri`` stays the registered one.
    """
    # Only what the picker offers: a staff launch could open a draft module,
    # but a link placed in the course must lead students somewhere.
    offered = {target.name: target for target in list_targets(context)}
    # The course key survives a course copy in the LMS: the copy names its source.
    origin = course_key(context.course_id)
    items = []
    for name in dict.fromkeys(names):
        target = offered.get(name)
        if target is None:
            raise LtiError("deep-linking-selection", "unknown target")
        items.append(
            ResourceLinkItem(
                title=str(target.label),
                url=launch_url,
                custom={CUSTOM_KEY: target.name, ORIGIN_KEY: origin},
                presentation=settings.presentation,
                line_item=target.line_item,
            )
        )
    return items
