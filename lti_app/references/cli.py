"""``flask bib``: import into and export from a course bibliography."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lti_app.course.models import Course
from lti_app.extensions import db
from lti_app.references import exports, imports, queries
from lti_app.references.errors import ReferencesError

bib = AppGroup("bib", help="Course bibliographies: import and export.")


def _course(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None:
        raise click.ClickException(f"no course with id {course_id}")
    return course


@bib.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--course", "course_id", type=int, required=True, help="Tool-side course id."
)
@click.option(
    "--replace",
    "replace_existing",
    is_flag=True,
    help="Replace duplicates instead of keeping the existing references.",
)
def bib_import(file: Path, course_id: int, replace_existing: bool) -> None:
    """Import a .bib, .ris or CSL-JSON file; exit 1 when problems were found."""
    _course(course_id)
    try:
        # The command line trusts the operator with larger files than the web form.
        limit = int(current_app.config["CARTABLE_BIB_MAX_BYTES"]) * 8
        parsed = imports.read_input(file.read_bytes(), file.name, limit, upload=True)
        summary, rows = imports.import_now(
            course_id, None, parsed, replace_existing=replace_existing
        )
    except ReferencesError as error:
        for problem in error.problems:
            click.echo(f"{file}:{problem.line or '?'}: [{problem.code}] {problem.message('en')}",
                       err=True)  # fmt: skip
        raise click.ClickException(
            f"{type(error).__name__} {error.detail}".strip()
        ) from error
    merged = summary.replaced + summary.kept
    click.echo(f"added {summary.added}, merged {merged} "
               f"(replaced {summary.replaced}, kept {summary.kept}), "
               f"rejected {summary.rejected}")  # fmt: skip
    problems = [imports.problem_from_json(p) for row in rows for p in row["problems"]]
    problems += [p for p in parsed.problems if not p.key]
    for problem in problems:
        where = f"{file}:{problem.line}" if problem.line else str(file)
        click.echo(f"{where}: [{problem.code}] {problem.message('en')}", err=True)
    if problems or summary.rejected:
        sys.exit(1)


@bib.command("export")
@click.option(
    "--course", "course_id", type=int, required=True, help="Tool-side course id."
)
@click.option(
    "--format", "kind", type=click.Choice(sorted(exports.FORMATS)), default="bibtex"
)
def bib_export(course_id: int, kind: str) -> None:
    """Print the course bibliography (entries as written for BibTeX)."""
    _course(course_id)
    rows = queries.list_references(course_id, by_key=False)
    click.echo(exports.export_text(rows, kind), nl=False)
