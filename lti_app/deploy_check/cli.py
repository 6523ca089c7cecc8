"""``flask --app lti_app check-deploy``: exit 0 only when every line passes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from lti_app.deploy_check import file_checks, service_checks, settings_checks
from lti_app.deploy_check.result import Check
from lti_app.deploy_check.worker_check import check_worker

# In the order a person fixes them: settings, then services, then what they hold.
CHECKS: tuple[Callable[[Mapping[str, Any]], Check], ...] = (
    settings_checks.check_environment,
    settings_checks.check_secret,
    settings_checks.check_public_url,
    settings_checks.check_proxy_hops,
    service_checks.check_database,
    service_checks.check_clock,
    service_checks.check_redis,
    file_checks.check_storage,
    file_checks.check_keys,
    file_checks.check_translations,
    service_checks.check_smtp,
    check_worker,
    service_checks.check_address_seen,
)


def run_checks(config: Mapping[str, Any]) -> list[Check]:
    """Every check, each on its own: one failure never hides the next line."""
    return [check(config) for check in CHECKS]


@click.command("check-deploy")
@with_appcontext
def check_deploy() -> None:
    """Check every production requirement; print the fix of each that fails."""
    results = run_checks(current_app.config)
    for result in results:
        mark = "PASS" if result.ok else "FAIL"
        click.echo(f"{mark}  {result.name}: {result.seen}")
        if not result.ok:
            click.echo(f"      fix: {result.fix}")
    failures = sum(not result.ok for result in results)
    if failures:
        click.echo(f"{failures} of {len(results)} checks failed")
        raise click.exceptions.Exit(1)
    click.echo(f"all {len(results)} checks passed")
