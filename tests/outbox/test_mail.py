"""E-mail over a real SMTP server on localhost: delivered once, through outages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from lti_app import mail
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.outbox import service as outbox
from lti_app.outbox.models import FAILED, PENDING, SENT, OutboxMessage
from tests.support.live import make_certificate
from tests.support.smtp import SmtpServer


def _queue(app: Flask, n: int = 1) -> list[OutboxMessage]:
    with app.app_context():
        messages = [
            mail.enqueue_mail(
                f"etudiant{i}@univ.example",
                f"Réponse à votre question {i}",
                "Bonjour,\nLa réponse est en ligne.",
                html="<p>La réponse est en ligne.</p>",
                dedupe_key=f"answer:{i}",
            )
            for i in range(n)
        ]
        db.session.commit()
    assert all(messages)
    return messages  # type: ignore[return-value]


def _due_now(app: Flask) -> None:
    with app.app_context():
        for message in db.session.query(OutboxMessage):
            message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()


def test_without_smtp_settings_nothing_is_queued(app: Flask) -> None:
    with app.app_context():
        assert not mail.configured()
        assert mail.enqueue_mail("a@univ.example", "s", "t") is None
        db.session.commit()
        assert db.session.query(OutboxMessage).count() == 0


def test_mail_arrives_with_its_headers(
    make_app: Callable[..., Flask], smtp_server: SmtpServer
) -> None:
    app = make_app(**smtp_server.settings())
    (queued,) = _queue(app)
    with app.app_context():
        assert outbox.process_due() == 1
        stored = db.session.get(OutboxMessage, queued.id)
        assert stored is not None
        assert stored.status == SENT
        message_id = stored.message_id
    (received,) = smtp_server.messages
    assert received["To"] == "etudiant0@univ.example"
    assert received["From"] == "Cartable <cartable@univ.example>"
    assert received["Subject"] == "Réponse à votre question 0"
    assert received["Message-ID"] == message_id
    assert received.get_body(("plain",)).get_content().startswith("Bonjour,")
    assert "<p>" in received.get_body(("html",)).get_content()


def test_outage_then_recovery_delivers_each_message_once(
    make_app: Callable[..., Flask], smtp_server: SmtpServer
) -> None:
    app = make_app(**smtp_server.settings())
    queued = _queue(app, 3)
    smtp_server.stop()  # connection refused
    with app.app_context():
        outbox.process_due()
        states = {m.status for m in db.session.query(OutboxMessage)}
        errors = {m.last_error for m in db.session.query(OutboxMessage)}
    assert states == {PENDING}
    assert errors == {"SMTP server unreachable (ConnectionRefusedError)"}
    assert smtp_server.messages == []
    smtp_server.start()
    _due_now(app)
    with app.app_context():
        assert outbox.process_due() == 3
        assert outbox.process_due() == 0
    _due_now(app)
    with app.app_context():
        assert outbox.process_due() == 0
    received = sorted(m["To"] for m in smtp_server.messages)
    assert received == sorted(m.payload["to"] for m in queued)


def test_starttls(
    make_app: Callable[..., Flask], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    certificate = make_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert_path))
    server = SmtpServer()
    server.start(starttls=certificate)
    try:
        app = make_app(**server.settings("starttls"))
        _queue(app)
        with app.app_context():
            assert outbox.process_due() == 1
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_plain_smtp_is_not_used_when_starttls_is_required(
    make_app: Callable[..., Flask], smtp_server: SmtpServer
) -> None:
    # The server offers no STARTTLS: Cartable must not fall back to clear text.
    app = make_app(**smtp_server.settings("starttls"))
    (queued,) = _queue(app)
    with app.app_context():
        outbox.process_due()
        stored = db.session.get(OutboxMessage, queued.id)
        assert stored is not None
        assert stored.status == PENDING
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("to", "status", "reason"),
    [
        ("inconnu@univ.example", FAILED, "recipient refused by the SMTP server (550)"),
        ("plein@univ.example", PENDING, "recipient refused by the SMTP server (452)"),
    ],
)
def test_recipient_refusals(
    make_app: Callable[..., Flask],
    smtp_server: SmtpServer,
    to: str,
    status: str,
    reason: str,
) -> None:
    app = make_app(**smtp_server.settings())
    with app.app_context():
        queued = mail.enqueue_mail(to, "s", "t")
        db.session.commit()
        assert queued is not None
        outbox.process_due()
        assert (queued.status, queued.last_error) == (status, reason)
    assert smtp_server.messages == []


def test_worker_command_delivers_the_queue(
    make_app: Callable[..., Flask], smtp_server: SmtpServer
) -> None:
    app = make_app(**smtp_server.settings())
    _queue(app, 2)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "2 message(s) processed" in result.output
    assert len(smtp_server.messages) == 2
