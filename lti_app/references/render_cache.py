"""Rendered entries, cached per revision, style, locale and same-author-year group.

A 2009a/2009b suffix depends on every live reference of the course with the same
first author and year, so each cached row carries a stamp of that group: when a
member is added, edited, deleted or restored the stamp changes and the whole group
is rendered again, in one call, so that the suffixes stay right. Nothing else is.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bibliography import LocaleError, Rendered, StyleError, fold, render_bibliography
from bibliography import Reference as Meaning
from lti_app.extensions import db
from lti_app.references import queries
from lti_app.references.models import Reference, RenderedEntry
from lti_app.references.rendering import RENDERER_VERSION, csl_locale

# Groups rendered per citeproc run: whole groups only, so suffixes stay right.
BATCH = 250
GroupKey = tuple[str, int | None]


@dataclass(frozen=True)
class _Member:
    id: int
    revision: int
    group: GroupKey


def style_key(style: str) -> str:
    """A short fingerprint of the renderer version and of the style id or CSL text."""
    data = f"{RENDERER_VERSION}:{style}".encode()
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def group_of(first_author: str, year: int | None) -> GroupKey:
    """The same-author-year group of a reference, from its search columns."""
    return fold(first_author.strip()), year


def _members(course_id: int) -> dict[int, _Member]:
    rows = db.session.execute(
        select(
            Reference.id, Reference.revision, Reference.first_author, Reference.year
        ).where(Reference.course_id == course_id, Reference.deleted_at.is_(None))
    )
    return {
        row.id: _Member(row.id, row.revision, group_of(row.first_author, row.year))
        for row in rows
    }


def _stamps(
    members: Iterable[_Member],
) -> tuple[dict[GroupKey, str], dict[GroupKey, list[_Member]]]:
    groups: dict[GroupKey, list[_Member]] = defaultdict(list)
    for member in members:
        groups[member.group].append(member)
    stamps: dict[GroupKey, str] = {}
    for key, group in groups.items():
        text = ",".join(f"{m.id}:{m.revision}" for m in sorted(group, key=_by_id))
        stamps[key] = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
    return stamps, groups


def _by_id(member: _Member) -> int:
    return member.id


def rendered_entries(
    course_id: int, reference_ids: Sequence[int], language: str
) -> dict[int, Rendered | None]:
    """Each live reference rendered in the course style (None if it cannot be).

    Hits come from the cache; misses are rendered with their whole groups, stored,
    and older renderings of the same references in this style and locale dropped.
    """
    style = queries.effective_style(course_id)
    skey, locale = style_key(style), csl_locale(language)
    members = _members(course_id)
    stamps, groups = _stamps(members.values())
    wanted = {i for i in reference_ids if i in members}
    found = _cached(course_id, wanted, skey, locale, members, stamps)
    missing = wanted - found.keys()
    if missing:
        todo = {members[i].group for i in missing}
        fresh = _render_groups(course_id, [groups[g] for g in todo], style, locale)
        _store(course_id, fresh, members, stamps, skey, locale)
        found.update(fresh)
    return {i: found.get(i) for i in reference_ids if i in members}


def _cached(
    course_id: int, wanted: set[int], skey: str, locale: str,
    members: dict[int, _Member], stamps: dict[GroupKey, str],
) -> dict[int, Rendered | None]:  # fmt: skip
    if not wanted:
        return {}
    rows = db.session.execute(
        select(
            RenderedEntry.reference_id, RenderedEntry.revision,
            RenderedEntry.group_stamp, RenderedEntry.html, RenderedEntry.text,
        ).where(
            RenderedEntry.course_id == course_id, RenderedEntry.style_key == skey,
            RenderedEntry.locale == locale,
        )
    )  # fmt: skip
    found: dict[int, Rendered | None] = {}
    for row in rows:
        member = members.get(row.reference_id)
        if (
            member is not None
            and row.reference_id in wanted
            and row.revision == member.revision
            and row.group_stamp == stamps[member.group]
        ):
            found[row.reference_id] = Rendered(str(member.id), row.html, row.text)
    return found


def _render_groups(
    course_id: int, groups: list[list[_Member]], style: str, locale: str
) -> dict[int, Rendered | None]:
    """Render whole groups, a batch of them per citeproc run."""
    out: dict[int, Rendered | None] = {}
    batch: list[int] = []
    for group in groups:
        batch.extend(m.id for m in group)
        if len(batch) >= BATCH:
            out.update(_render_batch(course_id, batch, style, locale))
            batch = []
    if batch:
        out.update(_render_batch(course_id, batch, style, locale))
    return out


def _render_batch(
    course_id: int, ids: list[int], style: str, locale: str
) -> dict[int, Rendered | None]:
    rows = db.session.execute(
        select(Reference.id, Reference.meaning).where(
            Reference.course_id == course_id, Reference.id.in_(ids)
        )
    )
    # Keys are unique per course without regard to case; ids make them unique here.
    meanings = [_keyed(Meaning.from_json(row.meaning), row.id) for row in rows]
    try:
        rendered = render_bibliography(meanings, style, locale)
    except (StyleError, LocaleError):
        return dict.fromkeys(ids)
    return {int(item.key): item for item in rendered}


def _keyed(meaning: Meaning, reference_id: int) -> Meaning:
    return replace(meaning, key=str(reference_id))


def _store(
    course_id: int, fresh: dict[int, Rendered | None], members: dict[int, _Member],
    stamps: dict[GroupKey, str], skey: str, locale: str,
) -> None:  # fmt: skip
    """Keep what was rendered, replacing older renderings of the same references."""
    done = [i for i, item in fresh.items() if item is not None]
    if not done:
        return
    try:
        db.session.execute(
            delete(RenderedEntry).where(
                RenderedEntry.course_id == course_id,
                RenderedEntry.reference_id.in_(done),
                RenderedEntry.style_key == skey, RenderedEntry.locale == locale,
            )
        )  # fmt: skip
        db.session.execute(
            RenderedEntry.__table__.insert(),
            [_row(course_id, members[i], fresh[i], stamps, skey, locale) for i in done],
        )
        db.session.commit()
    except IntegrityError:  # another request stored the same rendering first
        db.session.rollback()


def _row(
    course_id: int, member: _Member, item: Rendered | None,
    stamps: dict[GroupKey, str], skey: str, locale: str,
) -> dict[str, object]:  # fmt: skip
    assert item is not None  # noqa: S101 - filtered by the caller
    return {
        "course_id": course_id, "reference_id": member.id,
        "revision": member.revision, "style_key": skey, "locale": locale,
        "group_stamp": stamps[member.group], "html": item.html, "text": item.text,
    }  # fmt: skip
