"""What ``flask storage verify`` checks: every feature's files, and the rest.

Each feature that stores files registers an :class:`Inventory`: the files its rows
point to, with the size and SHA-256 recorded when they were written. A file no
inventory claims is an orphan; it is removed only when asked, and only once it is
older than a grace period, so that a file whose row is being committed right now
(written first, recorded second) is never taken for one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from flask import Flask, current_app

from lti_app.storage import MAIN, Storage, hash_file


@dataclass(frozen=True)
class Expected:
    """A file the database says is stored, with what it must hash to.

    ``sha256`` is None for files recorded before their hash was kept: only their
    size is checked, and they are counted apart.
    """

    key: str
    size: int | None
    sha256: str | None
    label: str


@dataclass(frozen=True)
class Inventory:
    """One feature's stored files, in one storage area."""

    feature: str
    list_files: Callable[[], Iterable[Expected]]
    area: str = MAIN


@dataclass
class FeatureReport:
    """What was found for one feature's files."""

    feature: str
    checked: int = 0
    unhashed: int = 0
    missing: list[Expected] = field(default_factory=list)
    corrupt: list[Expected] = field(default_factory=list)


@dataclass(frozen=True)
class Orphan:
    """A stored file no feature claims, and how long ago it was last written."""

    area: str
    key: str
    age: float

    @property
    def name(self) -> str:
        """How the operator reads it: ``area:key``."""
        return f"{self.area}:{self.key}"


@dataclass
class Report:
    """What ``storage verify`` found, feature by feature."""

    features: list[FeatureReport] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    temporary: list[tuple[str, str]] = field(default_factory=list)
    grace: float = 0

    @property
    def ok(self) -> bool:
        """No file missing or corrupt (orphans are reported, not failures)."""
        return not any(f.missing or f.corrupt for f in self.features)

    @property
    def removable(self) -> list[Orphan]:
        """Orphans older than the grace period: the only ones ever removed."""
        return [o for o in self.orphans if o.age >= self.grace]


def register_inventory(app: Flask, inventory: Inventory) -> None:
    """Add a feature's list of stored files to what ``storage verify`` checks."""
    app.extensions.setdefault("cartable_inventories", []).append(inventory)


def list_inventories() -> list[Inventory]:
    """Every inventory the features registered."""
    return list(current_app.extensions.get("cartable_inventories", []))


def expected_files(area: str = MAIN) -> Iterable[Expected]:
    """Every file the features say is stored in ``area`` (backups copy these)."""
    for inventory in list_inventories():
        if inventory.area == area:
            yield from inventory.list_files()


def check_files(
    storage: Storage, inventory: Inventory, known: set[str]
) -> FeatureReport:
    """Rehash one feature's files; add their keys to ``known``."""
    report = FeatureReport(inventory.feature)
    for item in inventory.list_files():
        known.add(item.key)
        report.checked += 1
        if not storage.exists(item.key):
            report.missing.append(item)
            continue
        size, digest = hash_file(storage, item.key)
        if item.sha256 is None:
            report.unhashed += 1
        if (item.size is not None and size != item.size) or (
            item.sha256 is not None and digest != item.sha256
        ):
            report.corrupt.append(item)
    return report


def verify(areas: Mapping[str, Storage], inventories: Iterable[Inventory], *,
           grace: float, temporary_age: float) -> Report:  # fmt: skip
    """Check every claimed file, then list what no feature claims.

    The claims are read before the files are listed: a file written meanwhile is
    young, so the grace period keeps it.
    """
    report = Report(grace=grace)
    known: dict[str, set[str]] = {name: set() for name in areas}
    for inventory in inventories:
        storage = areas[inventory.area]
        report.features.append(check_files(storage, inventory, known[inventory.area]))
    now = time.time()
    for name, storage in areas.items():
        for key in storage.iter_keys():
            if key not in known[name]:
                age = max(0.0, now - storage.modified_at(key))
                report.orphans.append(Orphan(name, key, age))
        report.temporary += [(name, t) for t in storage.list_temporary(temporary_age)]
    return report


def remove_unclaimed(areas: Mapping[str, Storage], report: Report,
                     temporary_age: float) -> int:  # fmt: skip
    """Remove the orphans past the grace period and the stale temporary files."""
    for orphan in report.removable:
        areas[orphan.area].delete(orphan.key)
    cleaned = sum(s.clean_temporary(temporary_age) for s in areas.values())
    return len(report.removable) + cleaned
