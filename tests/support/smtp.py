"""A real SMTP server on localhost (aiosmtpd) that keeps what it receives.

``smtp_server`` serves plain SMTP; ``SmtpServer.start(starttls=cert)`` offers STARTTLS.
The server can be stopped and started again on the same port to play an outage.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.support.live import Certificate


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        # Mailboxes named for an answer: "inconnu@" does not exist, "plein@" is full.
        if address.startswith("inconnu@"):
            return "550 5.1.1 No such user"
        if address.startswith("plein@"):
            return "452 4.2.2 Mailbox full"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or b""
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class SmtpServer:
    """An aiosmtpd controller on a fixed port, restartable."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = _Inbox()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        """Every e-mail received so far, parsed."""
        with self.inbox.lock:
            return list(self.inbox.messages)

    def settings(self, security: str = "none") -> dict[str, Any]:
        """The app settings that point Cartable at this server."""
        return {
            "CARTABLE_SMTP_HOST": "127.0.0.1",
            "CARTABLE_SMTP_PORT": self.port,
            "CARTABLE_SMTP_SECURITY": security,
            "CARTABLE_MAIL_SENDER": "Cartable <cartable@univ.example>",
        }

    def start(self, starttls: Certificate | None = None) -> None:
        """Listen (again) on the port."""
        options: dict[str, Any] = {}
        if starttls is not None:
            options = {"tls_context": starttls.ssl_context(), "require_starttls": True}
        self._controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, **options
        )
        self._controller.start()

    def stop(self) -> None:
        """Close the port: connections are refused until ``start``."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A running SMTP server on localhost; ``.messages`` lists what arrived."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()
