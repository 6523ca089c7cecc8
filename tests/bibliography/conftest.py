"""Shared fixtures for the bibliography tests."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def traps() -> bytes:
    """The trap corpus as bytes."""
    return (DATA / "traps.bib").read_bytes()
