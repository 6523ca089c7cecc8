"""The ``modules`` blueprint and the scoped loaders its views share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale
from werkzeug.datastructures import FileStorage

from lti_app.access import current_launch
from lti_app.lti.context import LaunchContext
from lti_app.lti.errors import LtiError
from lti_app.markup import MarkdownBudgetError, check_budget
from lti_app.modules import queries
from lti_app.modules.errors import (
    ImportBudgetError,
    ImportNotTextError,
    ImportTooLargeError,
)
from lti_app.modules.models import Module, ModuleProgress, ModuleRevision

bp = Blueprint("modules", __name__, url_prefix="/modules")
DEFAULT_MAX_MD = 256 * 1024


def get_module_or_404(context: LaunchContext, module_id: int) -> Module:
    """A module of the current course; for students, published and available."""
    module = queries.find_module(context.course_id, module_id, staff=context.is_staff)
    return _found_or_404(context, module)


def get_module_and_progress_or_404(
    context: LaunchContext, module_id: int
) -> tuple[Module, ModuleProgress | None]:
    """:func:`get_module_or_404` and the reader's progress on it, in one query."""
    module, progress = queries.find_module_and_progress(
        context.course_id, module_id, context.user_id, staff=context.is_staff
    )
    return _found_or_404(context, module), progress


def _found_or_404(context: LaunchContext, module: Module | None) -> Module:
    if module is None or (module.deleted_at is not None and not context.is_staff):
        abort(404)
    return module


def script_staff_launch() -> LaunchContext:
    """The staff launch of a script request (CSRF-exempt endpoints).

    Only a token sent in the ``Authorization`` header counts: a cross-site form
    cannot set that header, whereas a cookie would ride along with it.
    """
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        raise LtiError("session-missing")
    context = current_launch()
    if not context.is_staff:
        abort(403)
    return context


def get_revision_or_404(module: Module, revision: int) -> ModuleRevision:
    """An earlier version of a module already loaded for the current course."""
    row = queries.find_revision(module, revision)
    if row is None:
        abort(404)
    return row


def language() -> str:
    """The interface language, which decides the citation locale."""
    locale = get_locale()
    return locale.language if locale else "fr"


def max_bytes() -> int:
    """The largest Markdown file accepted (CARTABLE_MODULE_MAX_BYTES, 256 KiB)."""
    return int(current_app.config.get("CARTABLE_MODULE_MAX_BYTES", DEFAULT_MAX_MD))


def read_markdown(upload: FileStorage | None) -> tuple[str, str]:
    """File name and UTF-8 text of an uploaded .md file, else an import error."""
    limit = max_bytes()
    name = (upload.filename or "") if upload else ""
    data = upload.stream.read(limit + 1) if upload else b""
    if len(data) > limit:
        raise ImportTooLargeError(limit)
    if not name.lower().endswith((".md", ".markdown", ".txt")) or b"\0" in data:
        raise ImportNotTextError()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportNotTextError() from error
    try:
        check_budget(text)
    except MarkdownBudgetError as error:
        raise ImportBudgetError(error) from error
    return name, text


def page(template: str, status: int = 200, **values: Any) -> tuple[str, int]:
    """Render a page of this blueprint with a status."""
    return render_template(f"modules/{template}", **values), status
