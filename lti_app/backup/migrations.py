"""Where the code's migrations stand, to compare with a database or an archive."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from flask import current_app


def _scripts() -> ScriptDirectory:
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config)


def code_head() -> str:
    """The revision this code's migrations end at."""
    return str(_scripts().get_current_head())


def is_known(revision: str | None) -> bool:
    """Whether this code's migrations know the revision (so can upgrade from it)."""
    if revision is None:
        return False
    try:
        return _scripts().get_revision(revision) is not None
    except (CommandError, RevisionError):
        return False
