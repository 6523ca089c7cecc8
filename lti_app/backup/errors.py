"""What a backup, a verification or a restore refuses, said in one line."""

from __future__ import annotations


class BackupError(Exception):
    """The archive or the target cannot be used; the message says why."""
