"""``flask storage verify``: rehash every feature's files, list what nobody claims.

Nothing is removed unless asked twice: ``--remove-orphans`` lists what would go
(a dry run), ``--remove-orphans --apply`` removes it.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lti_app import storage as file_storage
from lti_app import storage_check

storage = AppGroup("storage", help="Check the stored files.")


def _echo_features(report: storage_check.Report) -> None:
    for feature in report.features:
        for item in feature.missing:
            click.echo(f"MISSING {item.key} ({feature.feature}: {item.label})")
        for item in feature.corrupt:
            click.echo(f"CORRUPT {item.key} ({feature.feature}: {item.label})")
        unhashed = f", {feature.unhashed} without a recorded hash (size checked)"
        click.echo(
            f"{feature.feature}: checked {feature.checked} file(s), "
            f"{len(feature.missing)} missing, {len(feature.corrupt)} corrupt"
            + (unhashed if feature.unhashed else "")
        )


def _echo_unclaimed(report: storage_check.Report, remove: bool, apply: bool) -> None:
    removable = set(report.removable)
    verb = "removed" if apply else "would remove"
    for orphan in report.orphans:
        hours = f"{orphan.age / 3600:.1f} h old"
        if not remove:
            click.echo(f"orphan {orphan.name} ({hours})")
        elif orphan in removable:
            click.echo(f"{verb} orphan {orphan.name} ({hours})")
        else:
            click.echo(f"kept orphan {orphan.name} ({hours}: within the grace period)")
    for area, name in report.temporary:
        prefix = f"{verb} " if remove else ""
        click.echo(f"{prefix}interrupted upload {area}:{name}")


@storage.command("verify")
@click.option(
    "--remove-orphans",
    is_flag=True,
    help="List the files no feature claims, older than the grace period, and the "
    "interrupted uploads, for removal (a dry run without --apply).",
)
@click.option(
    "--apply",
    is_flag=True,
    help="With --remove-orphans: really remove what it lists.",
)
@click.option(
    "--grace-hours",
    type=click.FloatRange(min=0),
    default=24,
    show_default=True,
    help="An unclaimed file younger than this is kept (its row may be on its way).",
)
@click.option(
    "--temporary-age",
    type=click.FloatRange(min=0),
    default=3600,
    show_default=True,
    help="An unfinished upload untouched for this many seconds is interrupted.",
)
def storage_verify(
    remove_orphans: bool, apply: bool, grace_hours: float, temporary_age: float
) -> None:
    """Rehash every stored file of every feature; exit 1 when one is missing or
    corrupt."""
    if apply and not remove_orphans:
        raise click.UsageError("--apply only goes with --remove-orphans")
    areas = file_storage.list_areas()
    report = storage_check.verify(
        areas,
        storage_check.list_inventories(),
        grace=grace_hours * 3600,
        temporary_age=temporary_age,
    )
    _echo_features(report)
    _echo_unclaimed(report, remove_orphans, apply)
    removable = len(report.removable) + len(report.temporary)
    click.echo(
        f"{len(report.orphans)} orphan(s), {len(report.removable)} past the "
        f"{grace_hours:g} h grace period; {len(report.temporary)} interrupted "
        "upload(s)"
    )
    if remove_orphans and apply:
        removed = storage_check.remove_unclaimed(areas, report, temporary_age)
        click.echo(f"removed {removed} file(s)")
    elif remove_orphans:
        click.echo(f"dry run: nothing removed; add --apply to remove {removable}")
    if not report.ok:
        raise click.exceptions.Exit(1)
