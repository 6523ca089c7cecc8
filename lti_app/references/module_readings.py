"""The readings of one module: its linked sections, rendered as on the reading list.

The factory hands :func:`list_module_readings` to ``lti_app.course_content``, from
which the module page reads; values are plain, labels already translated.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select

from lti_app.course_content import ModuleReadings, Reading
from lti_app.extensions import db
from lti_app.references import reading, render_cache
from lti_app.references.forms import IMPORTANCE_LABELS
from lti_app.references.models import ReadingListItem, ReadingListSection

# Built once: the module page asks on every view, and most modules have none.
_SECTIONS = (
    select(ReadingListSection)
    .where(
        ReadingListSection.course_id == bindparam("course_id"),
        ReadingListSection.module_id == bindparam("module_id"),
    )
    .order_by(ReadingListSection.position, ReadingListSection.id)
)


def list_module_readings(
    course_id: int, module_id: int, language: str
) -> list[ModuleReadings]:
    """Sections of this course linked to the module, with their live entries."""
    sections = list(
        db.session.scalars(_SECTIONS, {"course_id": course_id, "module_id": module_id})
    )
    if not sections:
        return []
    query = reading.placed_query(course_id).where(
        ReadingListItem.section_id.in_([s.id for s in sections])
    )
    rows = list(db.session.execute(query))
    rendered = render_cache.rendered_entries(
        course_id, list(dict.fromkeys(r.reference_id for r in rows)), language
    )
    labels = {key: str(value) for key, value in IMPORTANCE_LABELS.items()}
    by_section: dict[int, list[Reading]] = {s.id: [] for s in sections}
    for row in rows:
        by_section[row.section_id].append(
            Reading(
                item_id=row.id,
                importance=row.importance,
                importance_label=labels.get(row.importance, row.importance),
                note=row.note,
                rendered=rendered.get(row.reference_id),
                doi_url=reading.DOI_RESOLVER + row.doi if row.doi else None,
                url=reading.web_url(row.url),
            )
        )
    return [
        ModuleReadings(s.id, s.title, s.description, by_section[s.id]) for s in sections
    ]
