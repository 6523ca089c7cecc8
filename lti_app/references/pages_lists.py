"""Staff pages of the reading list: sections and the references placed in them."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from lti_app import course_content
from lti_app.access import current_launch, lti_url, staff_required
from lti_app.errors import wants_json
from lti_app.references import queries, service
from lti_app.references.blueprint import (
    bp,
    get_item_or_404,
    get_reference_or_404,
    get_section_or_404,
    page,
)
from lti_app.references.forms import ActionForm, ItemEditForm, ItemForm, SectionForm
from lti_app.references.models import ReadingListItem, ReadingListSection

View = str | tuple[str, int] | Response


@bp.route("/sections", methods=["GET", "POST"])
@staff_required
def sections() -> View:
    """The reading-list sections, in order; create one."""
    context = current_launch()
    form = _section_form(context.course_id)
    if form.validate_on_submit():
        section = service.create_section(
            context.course_id, form.title.data or "", form.description.data or "",
            form.module_id.data or None,
        )  # fmt: skip
        flash(_("Section « %(title)s » créée.", title=section.title), "success")
        return redirect(lti_url("references.sections"), 303)
    status = 422 if form.errors else 200
    return page("sections.html", status, sections=queries.list_sections(context.course_id),
                form=form, action=ActionForm())  # fmt: skip


def _section_form(
    course_id: int, section: ReadingListSection | None = None
) -> SectionForm:
    """The section form; its module choices are this course's modules only.

    A module in the bin stays offered while a section is linked to it, so that
    renaming the section does not silently unlink it.
    """
    form = SectionForm(obj=section)
    modules = course_content.list_modules(course_id, staff=True)
    choices = [SelectChoice(0, _("Aucun module (thème)"))]
    choices += [SelectChoice(module_id, title) for module_id, title in modules]
    linked = section.module_id if section is not None else None
    if linked is not None and linked not in {module_id for module_id, _t in modules}:
        choices.append(SelectChoice(linked, _("Module à la corbeille")))
    form.module_id.choices = choices
    if not form.module_id.data:
        form.module_id.data = 0
    return form


def _item_form(section: ReadingListSection) -> ItemForm:
    form = ItemForm(prefix="add")
    rows = queries.list_references(section.course_id)
    placed = {item.reference_id for item in section.items}
    form.reference_id.choices = [
        SelectChoice(
            str(row.id),
            f"{row.key} — {row.first_author} {row.year or ''} — {row.title[:80]}",
        )
        for row in rows
        if row.id not in placed
    ]
    return form


def _section_page(
    section: ReadingListSection, status: int = 200, **forms: object
) -> View:
    values = {
        "form": _section_form(section.course_id, section),
        "item_form": _item_form(section),
        **forms,
    }
    return page("section.html", status, section=section, items=queries.list_items(section),
                action=ActionForm(), edit_form=ItemEditForm, **values)  # fmt: skip


@bp.route("/sections/<int:section_id>", methods=["GET", "POST"])
@staff_required
def section(section_id: int) -> View:
    """A section's items; rename it or change its presentation."""
    context = current_launch()
    found = get_section_or_404(context, section_id)
    form = _section_form(context.course_id, found)
    if request.method == "POST":
        if not form.validate_on_submit():
            return _section_page(found, 422, form=form)
        service.update_section(
            found, form.title.data or "", form.description.data or "",
            form.module_id.data or None,
        )  # fmt: skip
        flash(_("Section enregistrée."), "success")
        return redirect(lti_url("references.section", section_id=found.id), 303)
    return _section_page(found)


@bp.post("/sections/<int:section_id>/move")
@staff_required
def section_move(section_id: int) -> Response:
    """Move a section up or down (buttons, usable from the keyboard)."""
    found = get_section_or_404(current_launch(), section_id)
    form = ActionForm()
    if not form.validate_on_submit() or form.step.data not in (-1, 1):
        abort(400)
    service.move_section(found, form.step.data)
    return redirect(lti_url("references.sections"), 303)


@bp.route("/sections/<int:section_id>/delete", methods=["GET", "POST"])
@staff_required
def section_delete(section_id: int) -> View:
    """Ask, then delete a section (its references stay in the bibliography)."""
    found = get_section_or_404(current_launch(), section_id)
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        title = found.title
        service.delete_section(found)
        flash(_("Section « %(title)s » supprimée.", title=title), "success")
        return redirect(lti_url("references.sections"), 303)
    return page("section_delete.html", section=found, form=form,
                count=len(queries.list_items(found)))  # fmt: skip


@bp.post("/sections/<int:section_id>/items")
@staff_required
def item_add(section_id: int) -> View:
    """Place a reference in a section with its importance and a note."""
    context = current_launch()
    found = get_section_or_404(context, section_id)
    form = _item_form(found)
    if not form.validate_on_submit():
        return _section_page(found, 422, item_form=form)
    reference = get_reference_or_404(context, form.reference_id.data)
    service.add_item(found, reference, form.importance.data, form.note.data or "")
    flash(_("« %(key)s » ajoutée à la section.", key=reference.key), "success")
    return redirect(lti_url("references.section", section_id=found.id), 303)


@bp.post("/items/<int:item_id>")
@staff_required
def item_edit(item_id: int) -> View:
    """Change an item's importance or note."""
    item = get_item_or_404(current_launch(), item_id)
    form = ItemEditForm(prefix=f"item{item.id}")
    if not form.validate_on_submit():
        return _section_page(item.section, 422)
    service.update_item(item, form.importance.data, form.note.data or "")
    flash(_("Placement de « %(key)s » enregistré.", key=item.reference.key), "success")
    return redirect(lti_url("references.section", section_id=item.section_id), 303)


@bp.post("/items/<int:item_id>/move")
@staff_required
def item_move(item_id: int) -> Response:
    """Move an item one step (buttons) or to a position (drag and drop).

    Asked for JSON (the page's script), it answers with the new place and a
    sentence for screen readers instead of reloading the page.
    """
    item = get_item_or_404(current_launch(), item_id)
    form = ActionForm()
    if not form.validate_on_submit() or (
        form.position.data is None and form.step.data not in (-1, 1)
    ):
        abort(400)
    if form.position.data is not None:
        service.place_item(item, form.position.data)
    else:
        service.move_item(item, form.step.data)
    if wants_json():
        return _moved(item)
    return redirect(lti_url("references.section", section_id=item.section_id), 303)


def _moved(item: ReadingListItem) -> Response:
    order = [row.id for row in queries.list_items(item.section)]
    place = order.index(item.id) + 1
    message = _("« %(key)s » est maintenant en position %(place)d sur %(total)d.",
                key=item.reference.key, place=place, total=len(order))  # fmt: skip
    return jsonify(position=place - 1, order=order, message=message)


@bp.post("/items/<int:item_id>/remove")
@staff_required
def item_remove(item_id: int) -> Response:
    """Take a reference out of a section (it stays in the bibliography)."""
    item = get_item_or_404(current_launch(), item_id)
    section_id = item.section_id
    if not ActionForm().validate_on_submit():
        abort(400)
    service.remove_item(item)
    flash(_("Référence retirée de la section."), "success")
    return redirect(lti_url("references.section", section_id=section_id), 303)
