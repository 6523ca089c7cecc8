"""Outbox gauges, read from the shared table at scrape time (the worker is elsewhere)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.outbox.models import FAILED, PENDING, SENDING, OutboxMessage


class OutboxCollector(Collector):
    """Depth and oldest age of waiting messages, and failed ones, by kind."""

    def __init__(self, kinds: Iterable[str]) -> None:
        self.kinds = sorted(kinds)  # every registered kind shows, at 0 when idle

    def collect(self) -> Iterator[GaugeMetricFamily]:
        waiting = db.session.execute(
            select(OutboxMessage.kind, func.count(), func.min(OutboxMessage.created_at))
            .where(OutboxMessage.status.in_((PENDING, SENDING)))
            .group_by(OutboxMessage.kind)
        ).all()
        failed = dict(
            db.session.execute(
                select(OutboxMessage.kind, func.count())
                .where(OutboxMessage.status == FAILED)
                .group_by(OutboxMessage.kind)
            ).all()
        )
        db.session.rollback()  # a read: end the transaction at once
        yield from self._families({k: (n, o) for k, n, o in waiting}, failed)

    def _families(
        self, waiting: dict[str, tuple[int, datetime | None]], failed: dict[str, int]
    ) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily(
            "cartable_outbox_depth", "Messages waiting for delivery.", labels=["kind"]
        )
        age = GaugeMetricFamily(
            "cartable_outbox_oldest_age_seconds",
            "Age of the oldest message waiting for delivery.",
            labels=["kind"],
        )
        dead = GaugeMetricFamily(
            "cartable_outbox_failed",
            "Messages that failed for good (grades, e-mails), until resent.",
            labels=["kind"],
        )
        now = utcnow()
        for kind in sorted(set(self.kinds) | set(waiting) | set(failed)):
            count, oldest = waiting.get(kind, (0, None))
            depth.add_metric([kind], count)
            seconds = (now - oldest).total_seconds() if oldest is not None else 0.0
            age.add_metric([kind], max(seconds, 0.0))
            dead.add_metric([kind], failed.get(kind, 0))
        yield from (depth, age, dead)
