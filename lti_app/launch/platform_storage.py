"""LTI platform storage (1EdTech client-side postMessages) for the launch state.

When the login names an ``lti_storage_target``, the login page stores the state
and the nonce in the platform's frame with ``lti.put_data`` before going on to
the platform; the launch page reads them back with ``lti.get_data`` and posts
them with the launch form. The server still consumes the state once in the
shared store: platform storage replaces the cookie binding, not that check.
A platform that does not answer in time leaves the cookie path to do its work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, current_app, make_response, render_template

from lti_app.lti.login import PendingLogin, find_pending
from lti_app.lti.validation import STORAGE_NONCE_FIELD, STORAGE_STATE_FIELD

# Set by the launch page when storage failed: post once more, do not ask again.
FAILED_FIELD = "lti_storage_failed"


def _timeout() -> int:
    return int(current_app.config["CARTABLE_STORAGE_TIMEOUT_MS"])


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def login_page(pending: PendingLogin, fallback_url: str) -> Response:
    """The page that stores state and nonce in the platform, then goes on."""
    page = render_template(
        "launch/storage_login.html",
        pending=pending,
        fallback_url=fallback_url,
        timeout=_timeout(),
    )
    return _no_store(make_response(page))


def pending_storage_launch(
    form: Mapping[str, str], cookies: Mapping[str, str]
) -> dict[str, Any] | None:
    """The login record when this launch must first read platform storage.

    That is: the login went through platform storage, this browser sent no state
    cookie, and the form does not carry the values read back yet.
    """
    state = form.get("state") or ""
    if not form.get("id_token") or cookies.get(f"lti_state_{state}") is not None:
        return None
    if form.get(STORAGE_STATE_FIELD) or form.get(FAILED_FIELD):
        return None
    record = find_pending(state)
    if record is None or not record.get("storage_target"):
        return None
    return record


def launch_page(form: Mapping[str, str], record: Mapping[str, Any]) -> Response:
    """The page that reads state and nonce back, then posts the launch again."""
    page = render_template(
        "launch/storage_launch.html",
        fields={name: form.get(name, "") for name in ("id_token", "state")},
        record=record,
        state_field=STORAGE_STATE_FIELD,
        nonce_field=STORAGE_NONCE_FIELD,
        failed_field=FAILED_FIELD,
        timeout=_timeout(),
    )
    return _no_store(make_response(page))
