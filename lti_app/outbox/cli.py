"""``flask worker``: deliver the outbox until stopped."""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType

import click
from flask.cli import with_appcontext

from lti_app.lti.clock import utcnow
from lti_app.outbox import heartbeat, service

log = logging.getLogger(__name__)


def _beat() -> None:
    """Tell check-deploy a worker runs; a store outage must not stop deliveries."""
    try:
        heartbeat.beat()
    except Exception as exc:  # Redis down: e-mails still leave from the database
        log.warning("worker heartbeat not written (%s)", type(exc).__name__)


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due, then exit.")
@click.option(
    "--interval",
    default=2.0,
    show_default=True,
    type=click.FloatRange(min=0.05),
    help="Seconds between two looks at an empty outbox.",
)
@with_appcontext
def worker(once: bool, interval: float) -> None:
    """Send queued e-mails and grades, run daily jobs; SIGTERM stops after the current one."""
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
    beaten = float("-inf")
    last_day = None
    while not stop.is_set():
        if time.monotonic() - beaten >= heartbeat.EVERY:
            _beat()
            beaten = time.monotonic()
        # Daily jobs (retention) are queued by the long-running worker only: a
        # ``--once`` run delivers what is due and nothing more.
        if not once and last_day != (today := utcnow().date()):
            service.enqueue_daily(today)
            last_day = today
        handled = service.process_due()
        if handled:
            log.info("worker delivered or retried %s message(s)", handled)
        if once:
            click.echo(f"{handled} message(s) processed")
            return
        if not handled:
            stop.wait(interval)
