"""Rendered modules, cached per (revision, locale, style-and-references stamp).

The database row is the shared cache: a miss renders once and stores the result,
dropping older renderings of the same module and locale. Each worker also keeps
the few renderings it served last, under the same full key: a rendering never
changes once made, so a hit costs the stamp query alone and never serves a stale
page (a new revision or stamp is a new key).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from lti_app.citations import references_for, stamp_for
from lti_app.extensions import db
from lti_app.modules.markdown import Heading
from lti_app.modules.models import Module, ModuleRender
from lti_app.modules.rendering import Rendered, render_module
from lti_app.modules.sanitize import Sanitised


def preview(course_id: int, source: str, language: str) -> Rendered:
    """Render unsaved text (the editor's preview), without caching it."""
    references, style = references_for(course_id)
    return render_module(source, references, style, language)


_Key = tuple[int, int, int, datetime, str, str]
_RECENT: OrderedDict[_Key, Rendered] = OrderedDict()
_RECENT_SIZE = 32  # a rendered module is about 100 kB: a few MB per worker
_LOCK = threading.Lock()


def _remember(key: _Key, rendered: Rendered) -> Rendered:
    with _LOCK:
        _RECENT[key] = rendered
        _RECENT.move_to_end(key)
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return rendered


def _recalled(key: _Key) -> Rendered | None:
    with _LOCK:
        rendered = _RECENT.get(key)
        if rendered is not None:
            _RECENT.move_to_end(key)
        return rendered


def forget_recent() -> None:
    """Drop this worker's recent renderings (tests and benchmarks)."""
    with _LOCK:
        _RECENT.clear()


def rendered_module(module: Module, language: str) -> Rendered:
    """The module's current revision rendered, from the caches when it can."""
    stamp = stamp_for(module.course_id)
    # created_at too: SQLite may give a purged module's id to a new one.
    key = (module.course_id, module.id, module.revision, module.created_at,
           language, stamp)  # fmt: skip
    recent = _recalled(key)
    if recent is not None:
        return recent
    row = db.session.scalar(
        select(ModuleRender).where(
            ModuleRender.course_id == module.course_id,
            ModuleRender.module_id == module.id,
            ModuleRender.revision == module.revision,
            ModuleRender.locale == language,
            ModuleRender.stamp == stamp,
        )
    )
    if row is not None:
        return _remember(key, _from_row(row))
    rendered = preview(module.course_id, module.body_markdown, language)
    _store(module, language, stamp, rendered)
    return _remember(key, rendered)


def _from_row(row: ModuleRender) -> Rendered:
    return Rendered(
        html=Sanitised(row.html),
        student_html=Sanitised(row.student_html),
        bibliography=Sanitised(row.bibliography_html),
        toc=tuple(Heading(int(h[0]), str(h[1]), str(h[2])) for h in row.toc),
        unknown=tuple(str(key) for key in row.unknown),
    )


def _store(module: Module, language: str, stamp: str, rendered: Rendered) -> None:
    try:
        db.session.execute(
            delete(ModuleRender).where(
                ModuleRender.module_id == module.id, ModuleRender.locale == language
            )
        )
        db.session.add(
            ModuleRender(
                course_id=module.course_id, module_id=module.id,
                revision=module.revision, locale=language, stamp=stamp,
                html=rendered.html.markup, student_html=rendered.student_html.markup,
                bibliography_html=rendered.bibliography.markup,
                toc=[[h.level, h.anchor, h.text] for h in rendered.toc],
                unknown=list(rendered.unknown),
            )
        )  # fmt: skip
        db.session.commit()
    except IntegrityError:  # another request stored the same rendering first
        db.session.rollback()
