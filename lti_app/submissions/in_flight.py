"""At most N uploads in flight per person, counted where every worker sees them.

Each upload holds one of the person's N slots in the shared store (Redis when
configured, else the database): a slot is a key taken with the store's atomic
``add``, so two workers racing for the last one cannot both win. The slot is
given back when the upload ends, however it ends (refused, failed, client gone);
its expiry frees it should the worker die before, so no slot is held for ever.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from lti_app.lti.store import Store, get_store
from lti_app.submissions.errors import TooManyUploadsError

log = logging.getLogger(__name__)


def _key(user_id: int, slot: int) -> str:
    return f"uploads-in-flight:{user_id}:{slot}"


def _take(store: Store, user_id: int, limit: int, seconds: int) -> tuple[str, str]:
    token = secrets.token_hex(8)
    for slot in range(limit):
        if store.add(_key(user_id, slot), token, seconds):
            return _key(user_id, slot), token
    raise TooManyUploadsError(limit)


def _give_back(store: Store, key: str, token: str, seconds: int) -> None:
    """Free the slot if it is still ours (an expired one may be someone else's)."""
    try:
        if store.get(key) == token:
            store.delete(key)
    except Exception:  # the store is down: the expiry frees the slot
        log.warning("upload slot %s not given back; it expires in %d s", key, seconds)


@contextmanager
def upload_slot(user_id: int, limit: int, seconds: int) -> Iterator[None]:
    """Hold one of ``user_id``'s ``limit`` slots for the block, or refuse (429)."""
    store = get_store()
    key, token = _take(store, user_id, limit, seconds)
    try:
        yield
    finally:
        _give_back(store, key, token, seconds)
