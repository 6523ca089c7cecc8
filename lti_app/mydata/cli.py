"""``flask privacy export|erase``: an operator answers a person's RGPD request."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lti_app import audit
from lti_app.course.models import User
from lti_app.extensions import db
from lti_app.i18n import LANGUAGES
from lti_app.mydata.archive import write_archive
from lti_app.privacy import Person, erase_person, find_person

privacy = AppGroup("privacy", help="A person's data: export it, or erase it.")


def _person(issuer: str, sub: str) -> Person:
    person = find_person(issuer, sub)
    if person is None:
        raise click.ClickException(
            f"Cartable holds nothing about {sub!r} on {issuer!r} (or it was erased)."
        )
    return person


def _locale_of(person: Person, wanted: str | None) -> str:
    if wanted:
        return wanted
    user = db.session.get(User, person.user_id)
    language = ((user.locale if user else None) or "").replace("_", "-").split("-")[0]
    default = str(current_app.config["CARTABLE_DEFAULT_LOCALE"])
    return language.lower() if language.lower() in LANGUAGES else default


@privacy.command("export")
@click.option("--issuer", required=True, help="The platform ID (Moodle: its wwwroot).")
@click.option("--user", "sub", required=True, help="The person's id on the platform.")
@click.option("--locale", type=click.Choice(LANGUAGES), default=None,
              help="Language of the index (default: the person's).")  # fmt: skip
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export_command(issuer: str, sub: str, locale: str | None, path: Path) -> None:
    """Write one zip of everything Cartable holds about the person."""
    person = _person(issuer, sub)
    if path.exists():
        raise click.ClickException(f"{path} exists: choose a new file name.")
    with current_app.test_request_context(), path.open("xb") as out:
        built = write_archive(person, _locale_of(person, locale), out)
    audit.record("privacy.exported", actor_role=audit.OPERATOR,
                 subject_user_id=person.user_id,
                 details={"files": built.files})  # fmt: skip
    click.echo(f"wrote {path}: {built.files} file(s)")
    for name, count in built.counts.items():
        click.echo(f"  {name}: {count}")


@privacy.command("erase")
@click.option("--issuer", required=True, help="The platform ID (Moodle: its wwwroot).")
@click.option("--user", "sub", required=True, help="The person's id on the platform.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_command(issuer: str, sub: str, yes: bool) -> None:
    """Erase the person: delete what is only theirs, pseudonymise the rest."""
    person = _person(issuer, sub)
    if not yes:
        click.confirm(f"Erase {sub!r} of {issuer!r}? This cannot be undone", abort=True)
    with current_app.test_request_context():
        done = erase_person(person)
    details: dict[str, int | str | bool] = {
        **{f"removed.{name}": count for name, count in done.removed.items()},
        **{
            f"pseudonymised.{name}": count for name, count in done.pseudonymised.items()
        },
        "files_deleted": done.files_deleted,
    }
    gone = done.removed.get("submissions.submissions", 0)
    if gone:  # the person's submissions, whichever courses they were in
        audit.record("submission.deleted", actor_role=audit.OPERATOR,
                     subject_user_id=person.user_id, details={"count": gone})  # fmt: skip
    # One entry per course, so that each course's staff see it in their record.
    for course_id in person.course_ids or (None,):
        audit.record("privacy.erased", actor_role=audit.OPERATOR,
                     course_id=course_id, subject_user_id=person.user_id,
                     details=details)  # fmt: skip
    click.echo(f"erased user #{person.user_id} ({done.files_deleted} file(s) deleted)")
    for title, counts in (("removed", done.removed),
                          ("pseudonymised", done.pseudonymised)):  # fmt: skip
        click.echo(f"{title}:")
        for name, count in counts.items():
            click.echo(f"  {name}: {count}")
