"""Imports in two steps: analyse into a pending import, then confirm or cancel.

The analysis says, for each incoming entry, whether it will be added, merged with
an existing reference (the person chooses keep or replace) or rejected, and why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import PurePath
from typing import Any

from sqlalchemy import delete

from bibliography import (
    BibliographyError,
    EncodingError,
    FormatError,
    Imported,
    InputTooLarge,
    Problem,
    Reference,
    duplicate_signatures,
    find_duplicates_against,
    fold,
    guess_format,
    read_references,
)
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.references import queries, service
from lti_app.references.codec import (
    Stored,
    entry_text,
    formatted_text,
    stored,
)
from lti_app.references.errors import (
    ImportStale,
    InputEmpty,
    InputTooBig,
    NothingToImport,
    Unreadable,
    WrongFileType,
)
from lti_app.references.models import PendingImport

FILE_SUFFIXES = {".bib", ".bibtex", ".ris", ".json", ".txt"}
_FATAL = {"syntax", "unbalanced-braces", "missing-key", "entry-too-large"}
_PRIORITY = {"duplicate-key": 0, "duplicate-doi": 1, "duplicate-title": 2}
_KEY_AT_START = re.compile(r"^(\s*@\s*\w+\s*[{(]\s*)[^,\s]+")


@dataclass(frozen=True)
class Parsed:
    """Incoming entries (meaning + BibTeX text + line) and file-wide problems."""

    format: str
    entries: list[tuple[Reference, str, int | None]]
    problems: list[Problem]


@dataclass(frozen=True)
class Summary:
    """What a confirmed import did."""

    added: int
    replaced: int
    kept: int
    rejected: int


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """A JSON-safe problem."""
    return {"code": problem.code, "line": problem.line, "key": problem.key,
            "params": dict(problem.params)}  # fmt: skip


def problem_from_json(data: Mapping[str, Any]) -> Problem:
    """Rebuild a stored problem, to render its message in the reader's language."""
    return Problem(
        data["code"], data.get("line"), data.get("key"), data.get("params", {})
    )


def read_input(data: bytes, name: str, max_bytes: int, *, upload: bool) -> Parsed:
    """Read bytes of any supported format; refuse unusable input as a whole."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputEmpty()
    if len(data) > max_bytes:
        raise InputTooBig(limit=max_bytes // 1024)
    if upload and PurePath(name).suffix.lower() not in FILE_SUFFIXES:
        raise WrongFileType(PurePath(name).name)
    try:
        kind = guess_format(name if upload else "", data)
    except FormatError as error:
        raise WrongFileType(error.message()) from error
    try:
        return _read(kind, data, name, max_bytes)
    except InputTooLarge as error:
        raise InputTooBig(limit=max_bytes // 1024) from error
    except (EncodingError, UnicodeDecodeError) as error:
        raise Unreadable() from error
    except BibliographyError as error:
        raise Unreadable(error.message()) from error


def _read(kind: str, data: bytes, name: str, max_bytes: int) -> Parsed:
    imported = read_references(data, name or f"input.{kind}", max_bytes)
    # Duplicates inside the input are found again below, against the course.
    kept = [p for p in imported.problems if p.code not in _PRIORITY]
    return Parsed(imported.format, _entries(imported), kept)


def _entries(imported: Imported) -> list[tuple[Reference, str, int | None]]:
    """Each reference with its BibTeX text: as written for BibTeX, else formatted."""
    if imported.document is None:
        return [(r, formatted_text(r), None) for r in imported.references]
    blocks = [b for b in imported.document.blocks if b.entry is not None]
    return [
        (reference, entry_text(block.entry, block.text, reference), block.line)
        for block, reference in zip(blocks, imported.references, strict=True)
        if block.entry is not None
    ]


def _candidate(reference: Reference, text: str, line: int | None) -> dict[str, Any]:
    data = stored(reference, text)
    return {
        "key": reference.key, "line": line, "entry_type": reference.entry_type,
        "title": reference.get("title") or "", "year": reference.get("year") or "",
        "authors": "; ".join(p.display() for p in reference.authors[:3]),
        "bibtex": data.bibtex, "meaning": data.meaning, "csl": data.csl,
        "action": "add", "reason": None, "existing_id": None, "existing_key": None,
        "existing_deleted": False, "problems": [],
    }  # fmt: skip


def _classify(course_id: int, parsed: Parsed) -> list[dict[str, Any]]:
    candidates: list[dict[str, Any]] = []
    seen: dict[str, int | None] = {}
    for reference, text, line in parsed.entries:
        row = _candidate(reference, text, line)
        folded = reference.key.casefold()
        if folded in seen:
            params = {"first_line": seen[folded] or "?"}
            row["action"], row["reason"] = "reject", "duplicate-key"
            row["problems"].append(
                problem_to_json(Problem("duplicate-key", line, reference.key, params))
            )
        seen.setdefault(folded, line)
        candidates.append(row)
    _match_existing(course_id, [c for c in candidates if c["action"] == "add"])
    by_key: dict[str, list[dict[str, Any]]] = {}
    for row in candidates:
        by_key.setdefault(row["key"].casefold(), []).append(row)
    for problem in parsed.problems:
        for row in (
            by_key.get((problem.key or "").casefold(), []) if problem.key else []
        ):
            row["problems"].append(problem_to_json(problem))
    return candidates


def _match_existing(course_id: int, rows: list[dict[str, Any]]) -> None:
    """Mark rows that duplicate an existing reference (merge) or an earlier row."""
    existing = queries.list_all_references(course_id)
    olds = [Reference.from_json(r.meaning) for r in existing]
    fresh = [Reference.from_json(row["meaning"]) for row in rows]
    earlier = _first_with_signature(fresh)
    for index, other, code in find_duplicates_against(olds, fresh):
        row = rows[index]
        row["reason"] = code
        if other is None:
            row["action"] = "reject"
            first = earlier.get((_CODES.index(code), _signature(fresh[index], code)))
            row["existing_key"] = fresh[first].key if first is not None else None
            continue
        match = existing[other]
        row["action"], row["existing_id"], row["existing_key"] = (
            "merge", match.id, match.key,
        )  # fmt: skip
        row["existing_deleted"] = match.deleted_at is not None


_CODES = ("duplicate-key", "duplicate-doi", "duplicate-title")


def _signature(reference: Reference, code: str) -> str:
    return duplicate_signatures(reference)[_CODES.index(code)]


def _first_with_signature(fresh: Sequence[Reference]) -> dict[tuple[int, str], int]:
    """The first incoming entry per signature, to name what a later one repeats."""
    first: dict[tuple[int, str], int] = {}
    for index, reference in enumerate(fresh):
        for position, value in enumerate(duplicate_signatures(reference)):
            if value:
                first.setdefault((position, value), index)
    return first


def classify(course_id: int, parsed: Parsed) -> list[dict[str, Any]]:
    """One row per incoming entry (add, merge or reject) and per unreadable block."""
    rejected = [p for p in parsed.problems if p.code in _FATAL]
    if not parsed.entries:
        raise NothingToImport(problems=rejected or parsed.problems)
    candidates = _classify(course_id, parsed)
    for problem in rejected:  # blocks that never became entries
        candidates.append({"key": problem.key or "?", "line": problem.line,
                           "action": "reject", "reason": problem.code,
                           "problems": [problem_to_json(problem)], "title": "",
                           "authors": "", "year": "", "entry_type": ""})  # fmt: skip
    return candidates


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
