"""Files a backup takes besides the storage: those kept under the data directory.

A feature whose rows point to files it writes itself under ``CARTABLE_DATA_DIR``
(module attachments) registers a source: the folder it owns and a function listing
the files its rows name. The storage's files come from its inventories.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app


@dataclass(frozen=True)
class DataFile:
    """A file under the data directory that a row points to."""

    path: str
    label: str


@dataclass(frozen=True)
class DataSource:
    """The folder a feature owns under the data directory, and its files."""

    folder: str
    list_files: Callable[[], Iterable[DataFile]]


def register_source(app: Flask, source: DataSource) -> None:
    """Called by a feature's ``init_app``: a backup will take these files too."""
    app.extensions.setdefault("cartable_backup_sources", []).append(source)


def list_sources() -> list[DataSource]:
    """Every registered source."""
    found: list[DataSource] = current_app.extensions.get("cartable_backup_sources", [])
    return found


def list_data_files() -> Iterator[DataFile]:
    """Every file the sources' rows name (read in the caller's transaction)."""
    for source in list_sources():
        yield from source.list_files()


def data_dir() -> Path:
    """The data directory files are relative to."""
    return Path(current_app.config["CARTABLE_DATA_DIR"])
