"""The scripted browser for the live demo (fixtures in ``tests.support.demo``)."""

from __future__ import annotations

import pytest

from tests.devlms.driver import LmsBrowser
from tests.support.demo import LiveDemo

__all__ = ["LiveDemo"]  # the devlms tests import it from here


@pytest.fixture
def browser(live_demo: LiveDemo) -> LmsBrowser:
    """A browser for the default live demo."""
    return live_demo.browser()
