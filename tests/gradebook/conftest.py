"""A course launched from the AGS platform double, and helpers to publish grades."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from lti_app.course.models import Membership, User
from lti_app.extensions import db
from lti_app.gradebook import service
from lti_app.lti.ags import LineItemSpec
from lti_app.lti.clock import utcnow
from lti_app.outbox import service as outbox
from lti_app.outbox.models import OutboxMessage
from tests.support.ags_platform import AgsPlatform
from tests.support.launcher import Launcher
from tests.support.platform import AGS_ENDPOINT, LEARNER_ROLES, LTI

NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
SPEC = LineItemSpec(
    resource_id="assignment-1",
    label="Situation de partenariat",
    score_maximum=20,
    tag="dropoff",
    resource_link_id="1",
)


@dataclass
class Course:
    """The launched course: its id, and each launched student's membership id."""

    app: Flask
    ags: AgsPlatform
    launcher: Launcher
    course_id: int = 0

    def launch(
        self, sub: str = "4", lineitem: int | None = None, **claims: Any
    ) -> None:
        """A learner's launch of link 1 carrying the AGS and NRPS claims."""
        self.launcher.launch(
            sub=sub,
            **{
                AGS_ENDPOINT: self.ags.ags_claim(lineitem),
                NRPS: self.ags.nrps_claim(),
                LTI + "roles": LEARNER_ROLES,
                **claims,
            },
        )
        with self.app.app_context():
            self.course_id = self.membership(sub).course_id

    def membership(self, sub: str) -> Membership:
        return db.session.scalars(
            select(Membership).join(User).where(User.sub == sub)
        ).one()

    def publish(self, sub: str, score: float, comment: str = "", **kw: Any) -> int:
        """Publish and commit, as the submissions feature will; return the sync id."""
        with self.app.app_context():
            sync = service.publish_grade(
                course_id=self.course_id,
                membership_id=self.membership(sub).id,
                item=kw.pop("item", SPEC),
                score_given=score,
                score_maximum=kw.pop("maximum", 20),
                comment=comment,
            )
            db.session.commit()
            return int(sync.id)

    def run_worker(self) -> int:
        """One worker pass, as ``flask worker --once``."""
        with self.app.app_context():
            return outbox.process_due()

    def time_passes(self) -> None:
        """Every retry becomes due (the backoff elapsed)."""
        with self.app.app_context():
            db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
            db.session.commit()

    def states(
        self, resource_id: str = "assignment-1"
    ) -> dict[str, service.GradeState]:
        """Grade states by student sub."""
        with self.app.app_context():
            states = service.list_grade_states(self.course_id, resource_id)
            subs = {m.id: m.user.sub for m in db.session.scalars(select(Membership))}
            return {subs[k]: v for k, v in states.items()}


@pytest.fixture
def course(app: Flask, ags: AgsPlatform, launcher: Launcher) -> Course:
    """Students 4, 5 and 6 launched activity 1, whose column Moodle created (id 2)."""
    ags.add_line_item("Cartable", 100, resource_link_id="1")
    launched = Course(app, ags, launcher)
    for sub in ("4", "5", "6"):
        launched.launch(sub, lineitem=2)
    return launched


def accepted_scores(ags: AgsPlatform) -> list[str]:
    """The user ids of the score POSTs the platform accepted, in order."""
    return [json.loads(c.body)["userId"] for c in ags.scores() if c.status == 200]
