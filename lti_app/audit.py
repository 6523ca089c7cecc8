"""The audit trail: an append-only record of the staff actions that matter.

Any feature records through :func:`record`, in its own words (``action`` from
:data:`ACTIONS`), with ids and counts only: never a name, a text or a file, so
that the record can outlive a person's erasure (people are named through their
``users`` row, which an erasure pseudonymises). Rows are never updated nor
deleted: the ORM refuses it (see :func:`_refuse_changes`), and the table has no
foreign key a cascade could rewrite.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Index, Select, String, event, select
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from lti_app.extensions import db
from lti_app.lti.clock import utcnow

# Who acts outside a launch: an operator's command, or the worker on its own.
OPERATOR = "operator"
SYSTEM = "system"
# A data privacy launch: the person themselves, or an LMS administrator for them.
SELF = "self"
LMS_ADMIN = "lms_admin"
ROLES: dict[str, Any] = {
    "instructor": _l("enseignant·e"),
    "assistant": _l("assistant·e"),
    "student": _l("étudiant·e"),
    OPERATOR: _l("exploitant·e (ligne de commande)"),
    SYSTEM: _l("Cartable (tâche automatique)"),
    SELF: _l("la personne elle-même"),
    LMS_ADMIN: _l("administrateur·rice de la plateforme"),
}

ACTIONS: dict[str, Any] = {
    "grade.saved": _l("Note enregistrée"),
    "grade.released": _l("Notes publiées"),
    "grade.resent": _l("Note renvoyée au carnet de notes"),
    "submission.deleted": _l("Remise supprimée"),
    "extension.granted": _l("Prolongation accordée"),
    "module.deleted": _l("Module supprimé"),
    "module.restored": _l("Module restauré"),
    "reference.deleted": _l("Référence supprimée"),
    "reference.restored": _l("Référence restaurée"),
    "faq.published": _l("Question publiée dans la FAQ"),
    "import.confirmed": _l("Import confirmé"),
    "submissions.exported": _l("Export des notes"),
    "submissions.downloaded": _l("Téléchargement de toutes les remises"),
    "files.expired": _l("Fichiers supprimés à la fin de leur conservation"),
    "privacy.exported": _l("Export des données d’une personne"),
    "privacy.erased": _l("Effacement des données d’une personne"),
}
PAGE_SIZE = 50


class AppendOnlyError(Exception):
    """Something tried to change or remove an audit entry."""


class AuditEntry(db.Model):  # type: ignore[name-defined,misc]
    """One recorded action: when, where, who (and in which role), on what."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_course", "course_id", "id"),
        Index("ix_audit_entries_platform", "platform_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    platform_id: Mapped[int | None] = mapped_column(default=None)
    course_id: Mapped[int | None] = mapped_column(default=None)
    actor_id: Mapped[int | None] = mapped_column(default=None)
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    # The person the action concerns (a graded student, an erased person).
    subject_user_id: Mapped[int | None] = mapped_column(default=None)
    target_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    target_id: Mapped[int | None] = mapped_column(default=None)
    # Counts and short codes only (see the module docstring).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(
    action: str,
    *,
    actor_role: str,
    actor_id: int | None = None,
    course_id: int | None = None,
    platform_id: int | None = None,
    subject_user_id: int | None = None,
    target: tuple[str, int] | None = None,
    details: Mapping[str, int | str | bool] | None = None,
) -> AuditEntry:
    """Append one entry and commit it.

    ``action`` is a key of :data:`ACTIONS`; ``actor_role`` the launch role
    (``instructor``, ``assistant``) or :data:`OPERATOR` / :data:`SYSTEM`;
    ``target`` a (kind, id) pair such as ``("assignment", 12)``. Call it once
    the action itself is committed: an entry is never rolled back with it.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        action=action,
        actor_role=actor_role,
        actor_id=actor_id,
        course_id=course_id,
        platform_id=platform_id,
        subject_user_id=subject_user_id,
        target_kind=target[0] if target else None,
        target_id=target[1] if target else None,
        details=dict(details or {}),
    )
    db.session.add(entry)
    db.session.commit()
    return entry


@dataclass(frozen=True)
class Filters:
    """The course page's filters; empty values filter nothing."""

    action: str = ""
    actor_role: str = ""
    page: int = 1


def _filtered(query: Select[Any], filters: Filters) -> Select[Any]:
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.actor_role:
        query = query.where(AuditEntry.actor_role == filters.actor_role)
    return query


def list_course_entries(course_id: int, filters: Filters) -> list[AuditEntry]:
    """One page of a course's record, newest first (one more row: is there a next?)."""
    query = _filtered(
        select(AuditEntry).where(AuditEntry.course_id == course_id), filters
    )
    offset = (max(filters.page, 1) - 1) * PAGE_SIZE
    query = query.order_by(AuditEntry.id.desc()).offset(offset).limit(PAGE_SIZE + 1)
    return list(db.session.scalars(query))


def iter_entries(
    platform_id: int | None = None, since: datetime | None = None
) -> Iterator[AuditEntry]:
    """Every entry in order, streamed by id (an operator's export)."""
    last = 0
    while True:
        query = select(AuditEntry).where(AuditEntry.id > last)
        if platform_id is not None:
            query = query.where(AuditEntry.platform_id == platform_id)
        if since is not None:
            query = query.where(AuditEntry.created_at >= since)
        batch = list(db.session.scalars(query.order_by(AuditEntry.id).limit(500)))
        if not batch:
            return
        yield from batch
        last = batch[-1].id


def as_row(entry: AuditEntry) -> dict[str, Any]:
    """An entry as plain values (CSV and JSON lines)."""
    return {
        "id": entry.id,
        "created_at": entry.created_at.isoformat() + "Z",
        "platform_id": entry.platform_id,
        "course_id": entry.course_id,
        "actor_id": entry.actor_id,
        "actor_role": entry.actor_role,
        "action": entry.action,
        "subject_user_id": entry.subject_user_id,
        "target_kind": entry.target_kind,
        "target_id": entry.target_id,
        "details": entry.details,
    }


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, _context: Any, _instances: Any) -> None:
    """No entry may be changed or removed through a session."""
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEntry) and (
            instance in session.deleted or session.is_modified(instance)
        ):
            raise AppendOnlyError(f"audit entry {instance.id} is append-only")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    """Nor through ``update(AuditEntry)`` / ``delete(AuditEntry)`` statements."""
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and mapper.class_ is AuditEntry:
        raise AppendOnlyError("audit entries are append-only")
