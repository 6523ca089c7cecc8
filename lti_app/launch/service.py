"""Turn a validated launch into stored rows and a launch context."""

from __future__ import annotations

from flask import current_app

from lti_app.course.service import record_launch
from lti_app.launch.targets import CUSTOM_KEY, list_targets
from lti_app.lti import claims as c
from lti_app.lti.context import LaunchContext, facts_of, locale_of, services_of
from lti_app.lti.deep_linking import DeepLinkingSettings, ResourceLinkItem
from lti_app.lti.errors import LtiError
from lti_app.lti.session import new_launch_id, save_launch
from lti_app.lti.validation import ValidLaunch


def start_session(valid: ValidLaunch) -> LaunchContext:
    """Record the launch (user, course, membership, link) and keep its context."""
    claims = valid.claims
    facts = facts_of(claims, valid.platform.id, valid.deployment.id)
    recorded = record_launch(facts)
    presentation = claims.get(c.LAUNCH_PRESENTATION) or {}
    context = LaunchContext(
        launch_id=new_launch_id(),
        platform_id=valid.platform.id,
        issuer=valid.platform.issuer,
        client_id=valid.platform.client_id,
        deployment_id=valid.deployment.deployment_id,
        course_id=recorded.course.id,
        context_id=facts.context_id,
        course_title=recorded.course.display_title,
        user_id=recorded.user.id,
        membership_id=recorded.membership.id,
        sub=facts.sub,
        user_name=recorded.user.display_name,
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
    )
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
    items = []
    for name in dict.fromkeys(names):
        target = offered.get(name)
        if target is None:
            raise LtiError("deep-linking-selection", "unknown target")
        items.append(
            ResourceLinkItem(
                title=str(target.label),
                url=launch_url,
                custom={CUSTOM_KEY: target.name},
                presentation=settings.presentation,
            )
        )
    return items
