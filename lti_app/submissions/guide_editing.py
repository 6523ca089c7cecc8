"""The editor's draft: criteria as posted, moved, added, removed, then checked.

Without JavaScript every button of the editor posts the whole form; moving or
removing a criterion changes the draft shown again, and only "save" writes. So
the editor works with a keyboard and no script, and nothing half-edited is saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _

from lti_app.submissions.guide_errors import CriterionFieldError, GuideCountError
from lti_app.submissions.guide_io import levels_text, parse_levels, parse_number
from lti_app.submissions.guide_service import MAX_CRITERIA, CriterionInput

_ACTION = re.compile(r"^(up|down|delete)-(\d{1,3})$")
_INDEX = re.compile(r"^criteria-(\d+)-")

Draft = list[dict[str, Any]]


def posted_count(keys: Iterable[str]) -> int:
    """How many criteria a posted form names (before any cap)."""
    return len({m.group(1) for key in keys if (m := _INDEX.match(key))})


def blank() -> dict[str, Any]:
    """A new, empty criterion."""
    return {"id": "", "title": "", "max_points": "", "student_text": "",
            "marker_text": "", "levels": ""}  # fmt: skip


def from_inputs(items: list[CriterionInput]) -> Draft:
    """Stored or imported criteria as the editor's draft."""
    return [{"id": str(i.id or ""), "title": i.title, "max_points": f"{i.max_points:g}",
             "student_text": i.student_text, "marker_text": i.marker_text,
             "levels": levels_text(i.levels)} for i in items]  # fmt: skip


def apply_action(draft: Draft, action: str) -> tuple[Draft, int | None, str]:
    """The draft after one button; the index to focus and what to announce."""
    if action == "add":
        if len(draft) >= MAX_CRITERIA:
            raise GuideCountError(MAX_CRITERIA)
        return [*draft, blank()], len(draft), _("Critère ajouté à la fin.")
    found = _ACTION.match(action)
    if found is None or int(found.group(2)) >= len(draft):
        return draft, None, ""
    verb, index = found.group(1), int(found.group(2))
    draft = list(draft)
    if verb == "delete":
        del draft[index]
        focus = min(index, len(draft) - 1) if draft else None
        return draft, focus, _("Critère retiré (enregistrez pour confirmer).")
    other = index - 1 if verb == "up" else index + 1
    if not 0 <= other < len(draft):
        return draft, index, ""
    draft[index], draft[other] = draft[other], draft[index]
    return draft, other, _("Critère déplacé en position %(n)d.", n=other + 1)


def to_inputs(draft: Draft) -> list[CriterionInput]:
    """The draft as criteria to save; a bad field names its criterion."""
    items = []
    for number, entry in enumerate(draft, start=1):
        points = parse_number(entry.get("max_points") or "")
        if points is None:
            raise CriterionFieldError(number, _("Points"))
        if not (entry.get("title") or "").strip():
            raise CriterionFieldError(number, _("Intitulé"))
        ident = entry.get("id") or ""
        items.append(CriterionInput(
            title=entry["title"], max_points=points,
            student_text=entry.get("student_text") or "",
            marker_text=entry.get("marker_text") or "",
            levels=parse_levels(entry.get("levels") or "", number),
            id=int(ident) if ident.isdigit() and len(ident) < 12 else None,
        ))  # fmt: skip
    return items
