"""``flask demo setup``: the demo course on the development LMS, registered with us."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.lti import keys as tool_keys
from lti_app.lti import registry
from lti_app.modules.demo import seed_demo_modules
from lti_app.modules.demo_content import ASSIGNMENT
from lti_app.questions.demo import DemoPerson, seed_demo_questions
from lti_app.references.demo import seed_demo_bibliography
from lti_app.submissions.demo import seed_demo_assignment

demo = AppGroup("demo", help="The demo course and the development LMS.")


def _demo_course(issuer: str, client_id: str, deployment_id: str) -> Course:
    """The tool-side demo course, created as its first launch would create it."""
    from lti_app.devlms.demo_data import COURSE

    platform = registry.find_platform_exact(issuer, client_id)
    deployment = registry.find_deployment(platform, deployment_id) if platform else None
    if platform is None or deployment is None:
        raise click.ClickException("the demo registration is missing")
    context_id = str(COURSE["id"])
    course = db.session.scalar(
        select(Course).where(
            Course.deployment_pk == deployment.id, Course.context_id == context_id
        )
    )
    if course is None:
        course = Course(
            platform_id=platform.id, deployment_pk=deployment.id, context_id=context_id
        )
        db.session.add(course)
    course.title, course.label = str(COURSE["title"]), str(COURSE["label"])
    db.session.commit()
    return course


def _people() -> list[DemoPerson]:
    """The development LMS's fictional teachers and students, as the tool sees them."""
    from lti_app.devlms.demo_data import PEOPLE
    from lti_app.devlms.models import EDITING_TEACHER, STUDENT

    roles = {EDITING_TEACHER: "instructor", STUDENT: "student"}
    return [
        DemoPerson(str(pid), roles[role])
        for pid, *_rest, role in PEOPLE
        if role in roles
    ]


@demo.command("setup")
@click.option(
    "--tool-url",
    default=None,
    help="The tool's base URL (default: CARTABLE_PUBLIC_URL).",
)
@click.option(
    "--lms-url",
    default=None,
    help="The development LMS's base URL (default: the tool's).",
)
def demo_setup(tool_url: str | None, lms_url: str | None) -> None:
    """Create the demo course and people on the development LMS and register it."""
    if not current_app.config["CARTABLE_DEV_LMS"]:
        raise click.ClickException(
            "enable the development LMS first: CARTABLE_DEV_LMS=on"
        )
    from lti_app.devlms.service import seed_demo

    tool = (
        tool_url or current_app.config["CARTABLE_PUBLIC_URL"] or "http://127.0.0.1:5000"
    ).rstrip("/")
    info = seed_demo(tool_url=tool, lms_url=(lms_url or tool).rstrip("/"))
    registry.add_platform(
        registry.RegistrationInput(
            issuer=info.issuer,
            client_id=info.client_id,
            auth_login_url=info.auth_login_url,
            auth_token_url=info.auth_token_url,
            keyset_url=info.keyset_url,
            deployment_ids=(info.deployment_id,),
            name="Cartable development LMS",
        )
    )
    tool_keys.current_signing_key()
    course = _demo_course(info.issuer, info.client_id, info.deployment_id)
    added = seed_demo_bibliography(course.id)
    click.echo(f"demo modules: {seed_demo_modules(course.id)} added")
    # The module holds the assignment's text; the drop-off reuses it.
    if seed_demo_assignment(course.id, ASSIGNMENT):
        click.echo("demo assignment added")
    click.echo(f"demo questions: {seed_demo_questions(course.id, _people())} added")
    click.echo(f"registered {info.issuer} client {info.client_id}")
    click.echo(f"demo course {course.id}: {added} reference(s) added")
    click.echo(f"deployment {info.deployment_id}")
    click.echo(f"demo ready: open {info.lms_home_url}")
    click.echo(
        "to register by URL: open "
        f"{info.lms_home_url}register-tool and paste {_registration_url(tool)}"
    )


def _registration_url(tool_base: str) -> str:
    """A one-use registration URL, for the LMS's "register a tool by URL"."""
    from lti_app.lti.registration_codes import create_code
    from lti_app.tool_urls import absolute

    return absolute(tool_base, "registration.register") + f"?code={create_code(24)}"
