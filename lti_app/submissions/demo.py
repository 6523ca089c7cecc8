"""The demo course's assignment: one slide on a partnership situation."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from lti_app.lti.clock import utcnow
from lti_app.submissions import deadlines, guide_service, queries, service
from lti_app.submissions.demo_guide import GRID

TITLE = "Travailler sur une situation de partenariat"
DROP_OFF = """\
Déposez ici **une seule diapositive** (PowerPoint, Impress ou PDF, 20 Mo au plus).
Vous pouvez la remplacer jusqu'à la date de remise ; chaque dépôt vous donne un
accusé de réception avec l'empreinte SHA-256 de votre fichier.
"""
_GROUP = re.compile(r"\[(@[^\]]+)\]")
_KEY = re.compile(r"@([a-z]+)([0-9]{4})")


def plain_citations(text: str) -> str:
    """``[@lyet2008; @morel2020]`` as "(Lyet, 2008 ; Morel, 2020)": no citation
    engine here, the module carries the real references."""
    text = _GROUP.sub(lambda m: "(" + m.group(1).replace(";", " ;") + ")", text)
    return _KEY.sub(lambda m: f"{m.group(1).capitalize()}, {m.group(2)}", text)


def _local_deadline(days: int, tz_name: str) -> datetime:
    """23:59 in the course's zone, ``days`` from now."""
    day = deadlines.to_local(utcnow(), tz_name) + timedelta(days=days)
    return deadlines.to_utc(day.replace(hour=23, minute=59, second=0,
                                        microsecond=0, tzinfo=None), tz_name)  # fmt: skip


def seed_demo_assignment(course_id: int, instructions: str) -> bool:
    """Create the demo assignment once, with its marking guide (``instructions``:
    the module's text)."""
    if any(a.title == TITLE for a in queries.list_assignments(course_id)):
        return False
    tz_name = queries.course_time_zone(course_id)
    text = DROP_OFF + "\n" + plain_citations(instructions)
    text = text.replace(" (le dépôt sera\nouvert plus tard)", "")
    assignment = service.create_assignment(
        course_id,
        service.Settings(
            title=TITLE, instructions=text, opens_at=None,
            due_at=_local_deadline(21, tz_name), cutoff_at=_local_deadline(28, tz_name),
            accepted_kinds=["pptx", "odp", "pdf"], max_bytes=20 * 1024 * 1024,
            max_files=1, attempts_allowed=0, points=20.0, require_submit=False,
            blind_marking=False, expected_pages=1,
        ),
    )  # fmt: skip
    guide_service.save_guide(assignment, GRID)
    return True
