"""Views that read their request body themselves, as a stream.

Anything touching ``request.form`` (the launch token lookup, the CSRF check, an
error page) would make Werkzeug parse a multipart body before the view runs,
spooling every file to a temporary file of its own. For a view marked
:func:`streamed_body`, the form stays empty and the body is left for the view
to read from ``request.stream``; such a view checks CSRF itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Request, current_app
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException

F = TypeVar("F", bound=Callable[..., Any])
_MARK = "cartable_streamed_body"


def streamed_body(view: F) -> F:
    """Mark a view as the only reader of its request body."""
    setattr(view, _MARK, True)
    return view


class CartableRequest(Request):
    """A request whose form is never parsed for a streamed view."""

    def _streamed(self) -> bool:
        if not current_app:
            return False
        endpoint = self.endpoint
        if endpoint is None:  # the session opens before Flask matches the URL
            adapter = current_app.create_url_adapter(self)
            try:
                endpoint = adapter.match()[0] if adapter is not None else None
            except HTTPException:
                return False
        view = current_app.view_functions.get(str(endpoint))
        return bool(getattr(view, _MARK, False))

    def _load_form_data(self) -> None:
        if "form" not in self.__dict__ and self._streamed():
            self.__dict__["form"] = ImmutableMultiDict()
            self.__dict__["files"] = ImmutableMultiDict()
            return
        super()._load_form_data()
