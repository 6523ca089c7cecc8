"""CARTABLE_RATE_QUESTIONS: validated, and where the counters live."""

from __future__ import annotations

import pytest

from lti_app.settings import SettingsError, load_settings


@pytest.mark.parametrize("rate", ["10/hour", "20 per day; 5 per minute", "1/second"])
def test_good_rates(rate: str) -> None:
    assert (
        load_settings({"CARTABLE_RATE_QUESTIONS": rate}, environ={})[
            "CARTABLE_RATE_QUESTIONS"
        ]
        == rate
    )


@pytest.mark.parametrize("rate", ["", "often", "10/fortnight", "10"])
def test_bad_rates_are_refused_at_start(rate: str) -> None:
    with pytest.raises(SettingsError, match="CARTABLE_RATE_QUESTIONS"):
        load_settings({"CARTABLE_RATE_QUESTIONS": rate}, environ={})


def test_counters_in_redis_when_configured_else_in_memory() -> None:
    memory = load_settings({}, environ={})
    assert memory["RATELIMIT_STORAGE_URI"] == "memory://"
    shared = load_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"}, environ={})
    assert shared["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert shared["RATELIMIT_KEY_PREFIX"].startswith("cartable:")
