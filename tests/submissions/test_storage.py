"""The local storage backend: atomic writes, hashes, limits, keys that stay inside."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from lti_app.storage import TEMP_PREFIX, LocalStorage, StorageError, TooLargeError
from lti_app.storage_check import Expected, Inventory, verify


def test_put_streams_hashes_and_lists(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    data = b"x" * (3 * 1024 * 1024 + 7)
    stored = storage.put(io.BytesIO(data), "submissions/1")
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert storage.exists(stored.key)
    assert list(storage.iter_keys()) == [stored.key]
    with storage.open(stored.key) as handle:
        assert handle.read() == data
    assert [p.name for p in (tmp_path / "submissions/1").iterdir()] == [
        stored.key.rsplit("/", 1)[1]
    ]


def test_over_the_limit_keeps_nothing(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    with pytest.raises(TooLargeError):
        storage.put(io.BytesIO(b"y" * 2000), "submissions/1", limit=1000)
    assert list((tmp_path / "submissions/1").iterdir()) == []


def test_an_unfinished_write_is_invisible_and_cleaned(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    pending = storage.begin("submissions/2")
    pending.write(b"half")
    assert pending.path.name.startswith(TEMP_PREFIX)
    assert list(storage.iter_keys()) == []
    assert storage.list_temporary(older_than=3600) == []  # young: in progress
    assert storage.list_temporary() == [f"submissions/2/{pending.path.name}"]
    assert storage.clean_temporary() == 1
    assert not pending.path.exists()
    pending.abort()  # closes the handle; the file is already gone


@pytest.mark.parametrize(
    "key",
    ["../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "A/B", "a/b\x00", "a/é", ""],
)
def test_keys_cannot_leave_the_root(tmp_path: Path, key: str) -> None:
    storage = LocalStorage(tmp_path)
    with pytest.raises(StorageError):
        storage.open(key)
    with pytest.raises(StorageError):
        storage.delete(key)


def test_verify_reports_missing_corrupt_and_orphans(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    good = storage.put(io.BytesIO(b"good"), "s/1")
    bad = storage.put(io.BytesIO(b"will change"), "s/1")
    gone = storage.put(io.BytesIO(b"gone"), "s/1")
    orphan = storage.put(io.BytesIO(b"orphan"), "s/1")
    unhashed = storage.put(io.BytesIO(b"old row"), "s/2")
    (tmp_path / bad.key).write_bytes(b"will chang3")
    storage.delete(gone.key)
    expected = [Expected(s.key, s.size, s.sha256, s.key) for s in (good, bad, gone)]
    expected.append(Expected(unhashed.key, unhashed.size, None, "before hashes"))
    report = verify({"files": storage}, [Inventory("s", lambda: expected)],
                    grace=3600, temporary_age=3600)  # fmt: skip
    (feature,) = report.features
    assert (feature.checked, feature.unhashed) == (4, 1)
    assert [m.key for m in feature.missing] == [gone.key]
    assert [c.key for c in feature.corrupt] == [bad.key]
    assert [o.key for o in report.orphans] == [orphan.key]
    assert report.removable == []  # just written: within the grace period
    assert not report.ok
