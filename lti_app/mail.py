"""E-mail through the outbox: queued with the cause, sent over SMTP by the worker."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from flask import current_app

from lti_app.outbox import service as outbox
from lti_app.outbox.models import OutboxMessage

KIND = "mail"


def configured() -> bool:
    """Whether e-mail can leave at all; without it, notices stay in the interface."""
    return bool(current_app.config["CARTABLE_SMTP_HOST"])


def enqueue_mail(
    to: str,
    subject: str,
    text: str,
    *,
    html: str | None = None,
    dedupe_key: str | None = None,
    course_id: int | None = None,
) -> OutboxMessage | None:
    """Queue one e-mail already written in its recipient's language; None when off."""
    if not configured() or not to:
        return None
    payload = {"to": to, "subject": subject, "text": text, "html": html}
    return outbox.enqueue(KIND, payload, dedupe_key=dedupe_key, course_id=course_id)


def build_message(message: OutboxMessage, sender: str) -> EmailMessage:
    """The e-mail of an outbox row, with the Message-ID every retry repeats."""
    payload: dict[str, Any] = message.payload
    email = EmailMessage()
    email["From"] = sender
    email["To"] = payload["to"]
    email["Subject"] = payload["subject"]
    email["Message-ID"] = message.message_id
    email["Date"] = formatdate(localtime=False, usegmt=True)
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(payload["text"])
    if payload.get("html"):
        email.add_alternative(payload["html"], subtype="html")
    return email


def send(message: OutboxMessage) -> None:
    """Outbox handler: hand the e-mail to the SMTP server, classifying its answer."""
    config = current_app.config
    email = build_message(message, config["CARTABLE_MAIL_SENDER"])
    try:
        with connect(config) as smtp:
            smtp.send_message(email)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        reason = f"recipient refused by the SMTP server ({min(codes, default=0)})"
        if codes and all(code >= 500 for code in codes):
            raise outbox.Refused(reason) from exc
        raise outbox.RetryLater(reason) from exc  # 4xx: greylisting, full mailbox
    except smtplib.SMTPResponseException as exc:
        reason = f"SMTP {exc.smtp_code}"
        if 500 <= exc.smtp_code < 600 and exc.smtp_code not in {530, 535}:
            raise outbox.Refused(reason) from exc
        raise outbox.RetryLater(reason) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise outbox.RetryLater(
            f"SMTP server unreachable ({type(exc).__name__})"
        ) from exc


def connect(config: Any) -> smtplib.SMTP:
    """An SMTP session, secured and logged in as the settings say (check-deploy too)."""
    host, port = config["CARTABLE_SMTP_HOST"], config["CARTABLE_SMTP_PORT"]
    timeout = config["CARTABLE_HTTP_TIMEOUT"] * 2
    security = config["CARTABLE_SMTP_SECURITY"]
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if security == "tls":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if security == "starttls":
            smtp.starttls(context=context)
        if config["CARTABLE_SMTP_USERNAME"]:
            password = config["CARTABLE_SMTP_PASSWORD"] or ""
            smtp.login(config["CARTABLE_SMTP_USERNAME"], password)
    except BaseException:
        smtp.close()
        raise
    return smtp
