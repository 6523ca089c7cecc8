"""Imports in two steps: analyse into a pending import, then confirm or cancel.

The analysis says, for each incoming entry, whether it will be added, merged with
an existing reference (the person chooses keep or replace) or rejected, and why.
Reading the input is :mod:`~lti_app.references.import_reading`, classifying it
:mod:`~lti_app.references.import_matching`; their public names are re-exported
here, the one module the pages, the CLI and the demo import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import delete

from bibliography import Reference, fold
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.references import queries, service
from lti_app.references.codec import Stored, formatted_text
from lti_app.references.errors import ImportStale
from lti_app.references.import_matching import classify
from lti_app.references.import_reading import (
    FILE_SUFFIXES,
    Parsed,
    problem_from_json,
    problem_to_json,
    read_input,
)
from lti_app.references.models import PendingImport

__all__ = [
    "FILE_SUFFIXES",
    "Parsed",
    "PendingImport",
    "Summary",
    "analyse",
    "cancel",
    "classify",
    "confirm",
    "formatted_text",
    "import_now",
    "problem_from_json",
    "problem_to_json",
    "read_input",
    "rename",
]

_KEY_AT_START = re.compile(r"^(\s*@\s*\w+\s*[{(]\s*)[^,\s]+")


@dataclass(frozen=True)
class Summary:
    """What a confirmed import did."""

    added: int
    replaced: int
    kept: int
    rejected: int


def analyse(
    course_id: int,
    actor_id: int,
    source: str,
    parsed: Parsed,
    lifetime: timedelta = timedelta(hours=1),
) -> PendingImport:
    """Classify incoming entries and keep them as a pending import."""
    candidates = classify(course_id, parsed)
    now = utcnow()
    db.session.execute(
        delete(PendingImport).where(
            PendingImport.course_id == course_id, PendingImport.expires_at <= now
        )
    )
    pending = PendingImport(
        course_id=course_id, created_by=actor_id, source=source[:255],
        format=parsed.format, candidates=candidates,
        problems=[problem_to_json(p) for p in parsed.problems],
        created_at=now, expires_at=now + lifetime,
    )  # fmt: skip
    db.session.add(pending)
    db.session.commit()
    return pending


def _with_key(row: dict[str, Any], key: str) -> Stored:
    """The incoming entry under the existing reference's key (citations keep working)."""
    meaning = {**row["meaning"], "key": key}
    csl = {**row["csl"], "id": key}
    bibtex = _KEY_AT_START.sub(lambda m: m[1] + key, row["bibtex"], count=1)
    return Stored(key, row["entry_type"], bibtex, meaning, csl)


def _apply(
    course_id: int,
    candidates: Sequence[dict[str, Any]],
    actor_id: int | None,
    choices: Mapping[int, str],
) -> Summary:
    """Add and replace as decided (no commit)."""
    counts = {"add": 0, "replace": 0, "keep": 0, "reject": 0}
    # One query for the keys in use, one flush at the end: imports are large.
    taken = {row.key_folded for row in queries.list_all_references(course_id)}
    for index, row in enumerate(candidates):
        action = row["action"]
        if action == "merge":
            action = "replace" if choices.get(index) == "replace" else "keep"
        counts[action] += 1
        if action == "add":
            if row["key"].casefold() in taken:
                raise ImportStale(row["key"])
            taken.add(row["key"].casefold())
            data = Stored(row["key"], row["entry_type"], row["bibtex"],
                          row["meaning"], row["csl"])  # fmt: skip
            service.add_reference(course_id, actor_id, data)
        elif action == "replace":
            target = queries.find_reference(course_id, row["existing_id"])
            if target is None:
                raise ImportStale(row["key"])
            service.replace_content(target, actor_id, _with_key(row, target.key))
    db.session.flush()
    return Summary(counts["add"], counts["replace"], counts["keep"], counts["reject"])


def confirm(
    pending: PendingImport, actor_id: int | None, choices: Mapping[int, str]
) -> Summary:
    """Apply a pending import in one transaction; ``choices``: index -> keep|replace."""
    try:
        summary = _apply(pending.course_id, pending.candidates, actor_id, choices)
        db.session.delete(pending)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return summary


def cancel(pending: PendingImport) -> None:
    """Forget a pending import."""
    db.session.delete(pending)
    db.session.commit()


def import_now(
    course_id: int,
    actor_id: int | None,
    parsed: Parsed,
    *,
    replace_existing: bool = False,
) -> tuple[Summary, list[dict[str, Any]]]:
    """Classify and apply at once (CLI, demo); merges all keep or all replace."""
    candidates = classify(course_id, parsed)
    choice = "replace" if replace_existing else "keep"
    try:
        summary = _apply(course_id, candidates, actor_id, dict.fromkeys(
            range(len(candidates)), choice))  # fmt: skip
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return summary, candidates


def rename(reference: Reference, taken: Sequence[str]) -> Reference:
    """Give a resolver's reference a readable key: author + year, unique in the course."""
    first = reference.authors[0] if reference.authors else None
    name = (first.family or first.literal) if first else "ref"
    stem = re.sub(r"[^a-z0-9]+", "", fold(name)) or "ref"
    stem += (reference.get("year") or "")[:4]
    folded = {k.casefold() for k in taken}
    key, suffix = stem, 0
    while key in folded:
        suffix += 1
        key = (
            f"{stem}{chr(ord('a') + suffix - 1)}"
            if suffix <= 26
            else f"{stem}_{suffix}"
        )
    return replace(reference, key=key)
