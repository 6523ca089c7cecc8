"""The e-mail receipt: queued with the version, sent by the outbox, in the
student's language, listing each file's size and SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from lti_app.course.models import User
from lti_app.extensions import db
from lti_app.outbox import service as outbox
from lti_app.outbox.models import OutboxMessage
from tests.submissions import files
from tests.submissions.conftest import Browser, MakeAssignment, upload
from tests.support.smtp import SmtpServer


@pytest.fixture
def app(make_app: Callable[..., Flask], smtp_server: SmtpServer) -> Flask:
    return make_app(**smtp_server.settings())


def test_the_receipt_is_mailed_once(
    app: Flask, student: Browser, make_assignment: MakeAssignment,
    smtp_server: SmtpServer,
) -> None:  # fmt: skip
    content = files.pptx(1)
    aid = make_assignment(title="Situation de partenariat")
    assert upload(student, aid, ("diapo.pptx", content)).status_code == 303
    with app.app_context():
        (queued,) = db.session.scalars(select(OutboxMessage)).all()
        email = db.session.scalars(select(User.email).where(User.sub == "4")).one()
        assert queued.payload["to"] == email
        assert outbox.process_due() == 1
        assert outbox.process_due() == 0
    (received,) = smtp_server.messages
    assert received["To"] == email
    assert received["Subject"] == "Accusé de réception : Situation de partenariat"
    body = received.get_body(("plain",)).get_content()
    assert hashlib.sha256(content).hexdigest() in body
    assert f"diapo.pptx : {len(content)} octets" in body
    assert "(Europe/Paris)" in body
