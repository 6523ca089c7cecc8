"""E-mails queued or sent to a person, in their data export; erased with them.

Only the e-mail address links a message to a person: the export lists those
addressed to the person's current address; the erasure deletes them, and in
e-mails to others (a notice naming who posted) replaces the person's name and
address by "Personne effacée". It runs before the identity is forgotten
(erasers run in reverse registration order).
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import select

from lti_app.course.models import User
from lti_app.extensions import db
from lti_app.i18n import erased_label
from lti_app.outbox.models import OutboxMessage
from lti_app.privacy import PartErasure, PartExport, Person, PrivacyPart, iso_time

MAIL = "mail"


def _messages(person: Person) -> Iterator[OutboxMessage]:
    user = db.session.get(User, person.user_id)
    address = (user.email or "").strip().casefold() if user else ""
    if not address:
        return
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == MAIL)
        .order_by(OutboxMessage.id)
    )
    for message in rows:
        if str(message.payload.get("to", "")).strip().casefold() == address:
            yield message


def export_mail(person: Person) -> PartExport:
    """Subject, text, status and dates of each e-mail to the person."""
    return PartExport([
        {"subject": m.payload.get("subject"), "text": m.payload.get("text"),
         "status": m.status, "queued_at": iso_time(m.created_at),
         "sent_at": iso_time(m.sent_at)}
        for m in _messages(person)
    ])  # fmt: skip


def _names(person: Person) -> list[str]:
    """How e-mails may spell the person: full names and address, longest first."""
    user = db.session.get(User, person.user_id)
    if user is None:
        return []
    full = " ".join(p for p in (user.given_name, user.family_name) if p)
    found = {n.strip() for n in (user.name, full, user.email) if n and n.strip()}
    found |= {str(escape(n)) for n in found}  # as the HTML part writes them
    return sorted(found, key=len, reverse=True)


def _scrub(message: OutboxMessage, names: list[str], label: str) -> bool:
    payload = dict(message.payload)
    for field_name in ("subject", "text", "html"):
        value = payload.get(field_name)
        if isinstance(value, str):
            for name in names:
                value = value.replace(name, label)
            payload[field_name] = value
    if payload == message.payload:
        return False
    message.payload = payload  # a new dict: the JSON column sees the change
    return True


def erase_mail(person: Person) -> PartErasure:
    """Delete every e-mail to the person; unname them in e-mails to others."""
    messages = list(_messages(person))
    for message in messages:
        db.session.delete(message)
    names, label, scrubbed = _names(person), erased_label(), 0
    gone = {m.id for m in messages}
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == MAIL))
    for message in rows:
        if message.id not in gone and names and _scrub(message, names, label):
            scrubbed += 1
    return PartErasure(removed={"emails": len(messages)},
                       pseudonymised={"emails_to_others": scrubbed})  # fmt: skip


PART = PrivacyPart("emails", _l("Courriels envoyés"), export_mail, erase_mail)
