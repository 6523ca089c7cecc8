"""Turn a validated launch into stored rows and a launch context."""

from __future__ import annotations

from flask import current_app

from lti_app.course.service import record_launch
from lti_app.lti import claims as c
from lti_app.lti.context import LaunchContext, facts_of, locale_of, services_of
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
