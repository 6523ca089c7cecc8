"""Script endpoints of the editor: autosaved drafts and the live preview (JSON)."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, render_template, request
from werkzeug.wrappers import Response

from lti_app.extensions import csrf
from lti_app.modules import drafts, render_cache
from lti_app.modules.blueprint import (
    bp,
    get_module_or_404,
    language,
    script_staff_launch,
)
from lti_app.modules.forms import MAX_BODY
from lti_app.modules.models import Module


def _typed() -> tuple[str, str, int | None]:
    """Title, text and base revision of a JSON body; 400 when malformed."""
    data: Any = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400)
    title, body = data.get("title", ""), data.get("body", "")
    base = data.get("base_revision")
    if not isinstance(title, str) or not isinstance(body, str) or len(body) > MAX_BODY:
        abort(400)
    base_revision = (
        int(base) if isinstance(base, str | int) and str(base).isdigit() else None
    )
    return title.strip(), body.replace("\r\n", "\n"), base_revision


def _save(module: Module | None) -> Response:
    context = script_staff_launch()
    title, body, base = _typed()
    draft = drafts.save_draft(
        context.course_id, context.user_id, module, title, body, base
    )
    return jsonify(saved_at=draft.updated_at.isoformat() + "Z")


@bp.post("/drafts/new")
@csrf.exempt  # a token in the Authorization header only: see script_staff_launch
def save_new_draft() -> Response:
    """Autosave the new-module editor."""
    return _save(None)


@bp.post("/<int:module_id>/draft")
@csrf.exempt  # a token in the Authorization header only: see script_staff_launch
def save_draft(module_id: int) -> Response:
    """Autosave the editor of a module."""
    module = get_module_or_404(script_staff_launch(), module_id)
    return _save(module)


@bp.post("/preview")
@csrf.exempt  # a token in the Authorization header only: see script_staff_launch
def live_preview() -> str:
    """The sanitised rendering of unsaved text, as an HTML fragment."""
    context = script_staff_launch()
    _title, body, _base = _typed()
    preview = render_cache.preview(context.course_id, body, language())
    return render_template("modules/_preview.html", preview=preview)
