"""Imports, second step: classify each incoming entry as added, merged or rejected.

A merge is an incoming entry that duplicates a reference of the course (by key,
DOI or title); a rejection is a duplicate inside the input or an unreadable block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bibliography import (
    UNUSABLE_CODES,
    Problem,
    Reference,
    duplicate_signatures,
    find_duplicates_against,
)
from lti_app.references import queries
from lti_app.references.codec import stored
from lti_app.references.errors import NothingToImport
from lti_app.references.import_reading import (
    DUPLICATE_CODES,
    Parsed,
    problem_to_json,
)


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
            first = earlier.get(
                (DUPLICATE_CODES.index(code), _signature(fresh[index], code))
            )
            row["existing_key"] = fresh[first].key if first is not None else None
            continue
        match = existing[other]
        row["action"], row["existing_id"], row["existing_key"] = (
            "merge", match.id, match.key,
        )  # fmt: skip
        row["existing_deleted"] = match.deleted_at is not None


def _signature(reference: Reference, code: str) -> str:
    return duplicate_signatures(reference)[DUPLICATE_CODES.index(code)]


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
    rejected = [p for p in parsed.problems if p.code in UNUSABLE_CODES]
    if not parsed.entries:
        raise NothingToImport(problems=rejected or parsed.problems)
    candidates = _classify(course_id, parsed)
    for problem in rejected:  # blocks that never became entries
        candidates.append({"key": problem.key or "?", "line": problem.line,
                           "action": "reject", "reason": problem.code,
                           "problems": [problem_to_json(problem)], "title": "",
                           "authors": "", "year": "", "entry_type": ""})  # fmt: skip
    return candidates
