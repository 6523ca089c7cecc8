"""Each person's data on request (RGPD): every feature exports and erases its part.

Feature packages never import each other (STYLE.md): each offers its
:class:`PrivacyPart` (``PART`` in its ``privacy`` module), registered by the
factory. An exporter returns what the feature holds about one person, in every
course of one platform, as JSON-ready values, with the stored files to add to
the archive; what it shows of other people is what that person's own pages
show. An eraser deletes what is only the person's and pseudonymises what the
course must keep; it adds to the session and never commits: :func:`erase_person`
runs them in reverse registration order, commits once, then deletes the files.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import delete, select

from lti_app.course.models import Membership, User
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.lti.store import get_store
from lti_app.storage import StorageError, get_storage

TICKET_SECONDS = 3600


@dataclass(frozen=True)
class Person:
    """Whom a request is about: one ``users`` row and their memberships."""

    user_id: int
    issuer: str
    sub: str
    membership_ids: tuple[int, ...]
    course_ids: tuple[int, ...]


@dataclass
class PartExport:
    """One feature's share of an export: JSON values and (archive name, key) files."""

    data: Any
    files: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PartErasure:
    """One feature's share of an erasure: counts, and the stored files to delete."""

    removed: dict[str, int] = field(default_factory=dict)
    pseudonymised: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PrivacyPart:
    """A feature's exporter and eraser; ``label`` is a lazy French source string."""

    name: str
    label: Any
    export: Callable[[Person], PartExport]
    erase: Callable[[Person], PartErasure]


@dataclass(frozen=True)
class Erasure:
    """What an erasure did, per part: nothing of the erased data itself."""

    removed: dict[str, int]
    pseudonymised: dict[str, int]
    files_deleted: int


def init_app(app: Flask) -> None:
    """Start the registry empty (called by the factory before registering)."""
    app.extensions["cartable_privacy_parts"] = []


def register_privacy_part(app: Flask, part: PrivacyPart) -> None:
    """Add a feature's part; a name is registered once."""
    parts: list[PrivacyPart] = app.extensions["cartable_privacy_parts"]
    if any(known.name == part.name for known in parts):
        raise ValueError(f"privacy part {part.name!r} is already registered")
    parts.append(part)


def list_parts() -> list[PrivacyPart]:
    """Every registered part, in registration order."""
    return list(current_app.extensions["cartable_privacy_parts"])


def find_person(issuer: str, sub: str) -> Person | None:
    """The person this platform calls ``sub``, or None if Cartable never saw them."""
    user = db.session.scalar(
        select(User).where(
            User.issuer == issuer, User.sub == sub, User.erased_at.is_(None)
        )
    )
    return None if user is None else person_of(user.id)


def person_of(user_id: int) -> Person:
    """A person from their ``users`` row (it must exist)."""
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    rows = db.session.execute(
        select(Membership.id, Membership.course_id)
        .where(Membership.user_id == user_id)
        .order_by(Membership.id)
    ).all()
    return Person(
        user_id=user.id,
        issuer=user.issuer,
        sub=user.sub,
        membership_ids=tuple(row.id for row in rows),
        course_ids=tuple(row.course_id for row in rows),
    )


def export_person(person: Person) -> dict[str, PartExport]:
    """Every part's export, by part name."""
    return {part.name: part.export(person) for part in list_parts()}


def erase_person(person: Person) -> Erasure:
    """Run every eraser in one transaction, then delete the files it freed."""
    removed: dict[str, int] = {}
    pseudonymised: dict[str, int] = {}
    files: list[str] = []
    try:
        # Reverse order: the identity, registered first, is forgotten last
        # (the outbox finds a person's e-mails by their address).
        for part in reversed(list_parts()):
            result = part.erase(person)
            db.session.flush()
            removed.update({f"{part.name}.{k}": v for k, v in result.removed.items()})
            pseudonymised.update(
                {f"{part.name}.{k}": v for k, v in result.pseudonymised.items()}
            )
            files.extend(result.files)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    mark_erased(person.user_id)
    return Erasure(removed, pseudonymised, _delete_files(files))


def _delete_files(keys: list[str]) -> int:
    """Delete after the commit: a failed erasure must leave every file in place."""
    storage, deleted = get_storage(), 0
    for key in dict.fromkeys(keys):
        try:
            if storage.exists(key):
                storage.delete(key)
                deleted += 1
        except StorageError:
            continue  # an odd key is left for ``storage verify`` to report
    return deleted


def delete_where(model: Any, *conditions: Any) -> int:
    """Delete matching rows in one statement (an eraser's tool); how many went."""
    result = db.session.execute(delete(model).where(*conditions))
    return int(getattr(result, "rowcount", 0) or 0)


def delete_owned(user_id: int, *columns: Any) -> PartErasure:
    """An eraser for rows only their owner has: delete where ``column == user_id``.

    Each column names its model (``ReadingMark.user_id``); counts go by table.
    """
    result = PartErasure()
    for column in columns:
        model = column.class_
        result.removed[model.__tablename__] = delete_where(model, column == user_id)
    return result


def new_erased_sub() -> str:
    """The ``sub`` an erased person's row takes: no platform will send it."""
    return f"erased:{secrets.token_hex(12)}"


def mark_erased(user_id: int) -> None:
    """Tell caches holding this person's rows (the launch's) to read them again."""
    get_store().put(f"erased-user:{user_id}", "1", 24 * 3600)


def was_erased(user_id: int) -> bool:
    """Whether this person was erased lately (a cached launch must not reuse them)."""
    return get_store().get(f"erased-user:{user_id}") is not None


@dataclass(frozen=True)
class Ticket:
    """A data privacy launch: who asks, about whom, in which language."""

    issuer: str
    sub: str
    locale: str
    acting_admin: bool


def issue_ticket(ticket: Ticket) -> str:
    """Keep a data privacy launch in the shared store; its id goes in the URL."""
    token = secrets.token_urlsafe(24)
    value = json.dumps(ticket.__dict__)
    get_store().put(f"privacy-ticket:{token}", value, TICKET_SECONDS)
    return token


def read_ticket(token: str) -> Ticket | None:
    """The ticket behind this id, or None once expired (or never issued)."""
    if not token or len(token) > 64:
        return None
    value = get_store().get(f"privacy-ticket:{token}")
    return None if value is None else Ticket(**json.loads(value))


def iso_time(value: datetime | None) -> str | None:
    """A stored naive-UTC time as exports write it (ISO 8601, ``Z``)."""
    return None if value is None else value.isoformat(timespec="seconds") + "Z"


def now_iso() -> str:
    """When an export is made, as written in it."""
    return str(iso_time(utcnow()))
