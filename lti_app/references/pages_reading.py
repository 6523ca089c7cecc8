"""The students' pages: the reading list, a section, search, downloads, marks.

Staff reach the same pages ("student view") to see what students see.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import abort, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from lti_app import course_content, subjects
from lti_app.access import current_launch, launch_required, lti_url
from lti_app.errors import wants_json
from lti_app.references import exports, reading
from lti_app.references.blueprint import (
    bp,
    get_mark_or_404,
    get_placed_reference_or_404,
    get_section_or_404,
    page,
)
from lti_app.references.forms import IMPORTANCE_LABELS
from lti_app.references.forms_reading import MarkForm

View = str | tuple[str, int] | Response
DOWNLOADS = ("bibtex", "ris")


def _csrf_field() -> Markup:
    """One hidden CSRF field reused by every mark form of the page."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(
        generate_csrf()
    )


def _labels() -> dict[str, str]:
    """Every label of an entry, translated once per page rather than per entry."""
    labels = {key: str(value) for key, value in IMPORTANCE_LABELS.items()}
    return labels | {
        "importance": _("Importance :"),
        "note": _("Note de l'équipe pédagogique :"),
        "copy_label": _("Copier la citation"),
        "state": _("Votre suivi :"),
        "unmarked": _("non marqué"), "read": _("lu"), "to_read": _("à lire"),
        "mark_read": _("Marquer comme lu"), "mark_to_read": _("Marquer « à lire »"),
        "forget": _("Effacer le suivi"),
        "ask": _("Poser une question sur cette référence"),
    }  # fmt: skip


def _mark_url() -> Callable[[reading.Entry], str]:
    """Where an entry's mark buttons post: its mark if any, else its reference.

    Built from two ``url_for`` results rather than one call per entry; the anchor
    brings the person back to the entry.
    """
    by_mark = url_for("references.mark_update", mark_id=0).rsplit("0", 1)
    by_ref = url_for("references.mark", reference_id=0).split("/0/", 1)

    def action(entry: reading.Entry) -> str:
        anchor = f"?anchor=item-{entry.item_id}"
        if entry.mark is not None:
            return f"{by_mark[0]}{entry.mark.id}{by_mark[1]}{anchor}"
        return f"{by_ref[0]}/{entry.reference_id}/{by_ref[1]}{anchor}"

    return action


@contextmanager
def _short_lived_objects() -> Iterator[None]:
    """Pause the cyclic garbage collector while a long list is built and rendered.

    2,000 entries allocate some 100,000 short-lived objects that reference counting
    frees; meanwhile the cyclic collector would scan the whole worker heap several
    times for nothing (about 40% of the page's time, see benchmarks/README.md).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _student_modules(course_id: int) -> dict[int, str]:
    """Titles of the modules students may open: staff see the student view too."""
    return dict(course_content.list_modules(course_id, staff=False))


def _reading_page(section_id: int | None = None, q: str = "") -> View:
    with _short_lived_objects():
        return _build_reading_page(section_id, q)


def _build_reading_page(section_id: int | None, q: str) -> View:
    context = current_launch()
    parts = reading.reading_list(context.course_id, context.user_id,
                                 context.locale, section_id=section_id, q=q)  # fmt: skip
    return page(
        "reading.html", parts=parts, q=q, progress=reading.progress(parts),
        section=parts[0].section if section_id is not None else None,
        csrf_field=_csrf_field(), is_staff=context.is_staff, t=_labels(),
        mark_url=_mark_url(), modules=_student_modules(context.course_id),
        ask=None if context.is_staff else subjects.ask_url_maker("reference"),
    )  # fmt: skip


@bp.get("/reading")
@launch_required
def reading_list() -> View:
    """The course's reading list: sections in order, search by title, author, year."""
    return _reading_page(q=request.args.get("q", "")[:200])


@bp.get("/reading/sections/<int:section_id>")
@launch_required
def reading_section(section_id: int) -> View:
    """One section of the reading list."""
    found = get_section_or_404(current_launch(), section_id)
    return _reading_page(found.id)


@bp.get("/reading/export")
@launch_required
def reading_export() -> Response:
    """Download the reading list, or one section, as BibTeX or RIS."""
    context = current_launch()
    kind = request.args.get("format", "bibtex")
    if kind not in DOWNLOADS:
        abort(400)
    section_id = request.args.get("section", "")
    name = context.course_title
    section = None
    if section_id.isdigit():
        section = get_section_or_404(context, int(section_id))
        name = f"{context.course_title}-{section.title}"
    rows = reading.list_reading_references(
        context.course_id, section.id if section else None
    )
    result = exports.export(rows, kind, name)
    response = Response(result.body, mimetype=result.mimetype.split(";")[0])
    response.headers["Content-Type"] = result.mimetype
    response.headers.set("Content-Disposition", "attachment", filename=result.filename)
    return response


def _back() -> Response:
    """Back where the form was, at the entry (section page or whole list)."""
    section = request.form.get("back", "")
    anchor = request.values.get("anchor", "")
    anchor = anchor if anchor.startswith("item-") and anchor[5:].isdigit() else None
    if section.isdigit():
        target = lti_url("references.reading_section", section_id=int(section),
                         _anchor=anchor)  # fmt: skip
    else:
        target = lti_url("references.reading_list", _anchor=anchor)
    return redirect(target, 303)


@bp.post("/reading/<int:reference_id>/mark")
@launch_required
def mark(reference_id: int) -> Response:
    """Mark a reference of the reading list "to read" or "read" (for oneself)."""
    context = current_launch()
    reference = get_placed_reference_or_404(context, reference_id)
    form = MarkForm()
    if not form.validate_on_submit():
        abort(400)
    reading.set_mark(context.course_id, context.user_id, reference, form.status.data)
    return _marked(reference.id, form.status.data) if wants_json() else _back()


@bp.post("/marks/<int:mark_id>")
@launch_required
def mark_update(mark_id: int) -> Response:
    """Change or forget one's own mark (nobody else's: 404)."""
    found = get_mark_or_404(current_launch(), mark_id)
    form = MarkForm()
    if not form.validate_on_submit():
        abort(400)
    reading.update_mark(found, form.status.data)
    if wants_json():
        return _marked(found.reference_id, form.status.data)
    return _back()


def _marked(reference_id: int, status: str) -> Response:
    """The page's script marks without a reload: the new state, in words, and where
    the entry's buttons post from now on (by reference: it works in every state)."""
    labels = _labels()
    state = {"read": labels["read"], "to-read": labels["to_read"]}
    word = state.get(status, labels["unmarked"])
    anchor = request.values.get("anchor", "")
    action = url_for("references.mark", reference_id=reference_id)
    if anchor.startswith("item-") and anchor[5:].isdigit():
        action += f"?anchor={anchor}"
    message = _("Suivi enregistré : %(state)s.", state=word)
    return jsonify(status=status, state=word, action=action, message=message)
