"""Fair share per person: every write is counted, and counted where all workers see it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from lti_app import rate_limits
from lti_app.settings import DEFAULTS, SettingsError, load_settings
from tests.conftest import REDIS_URL, register
from tests.references.conftest import Browser
from tests.support.launcher import Launcher
from tests.support.platform import LEARNER_ROLES, LTI, running_platform

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "CARTABLE_ENV": "production",
    "SECRET_KEY": "s" * 40,
    "CARTABLE_PUBLIC_URL": "https://cartable.example.test",
}
# Named by issue 16: each in the bucket of its kind.
EXPECTED = {
    "questions.ask": "questions",
    "questions.comment": "comments",
    "references.suggestions_page": "suggestions",
    "submissions.upload": "uploads",
    "modules.upload": "uploads",
    "references.paste": "imports",
    "references.upload": "imports",
    "modules.import_file": "imports",
    "references.mark": "reading",
    "modules.read": "reading",
    "modules.edit": "edits",
    "modules.save_draft": "drafts",
    "submissions.save_grade": "grading",
    "launch.renew": "sessions",
}


def _writes(app: Flask) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        methods = set(rule.methods or ()) & set(rate_limits.WRITES)
        if methods:
            found.setdefault(rule.endpoint, set()).update(methods)
    return found


def test_every_write_endpoint_counts_in_a_configured_bucket(app: Flask) -> None:
    writes = _writes(app)
    assert len(writes) > 60
    never = {e for e in writes if rate_limits.bucket_of(app, e) is None}
    assert never == {"launch.login", "launch.launch"}  # the LMS's own messages
    for endpoint in set(writes) - never:
        bucket = rate_limits.bucket_of(app, endpoint)
        assert bucket is not None
        for staff in (False, True):  # a rate for students and one for staff
            assert rate_limits.rate_of(app, bucket, staff)
    assert {e: rate_limits.bucket_of(app, e).name for e in EXPECTED} == EXPECTED  # type: ignore[union-attr]
    assert rate_limits.bucket_of(app, "course.assistant") == rate_limits.DEFAULT


def test_every_rate_is_documented() -> None:
    example = (ROOT / "config" / "settings.example.toml").read_text(encoding="utf-8")
    names = [n for n in DEFAULTS if n.startswith(("CARTABLE_RATE", "CARTABLE_DB_LOCK"))]
    assert len(names) >= 20
    for name in names:
        assert f"\n{name} = " in example, name


@pytest.mark.parametrize(
    "name", ["CARTABLE_RATE_SUGGESTIONS", "CARTABLE_RATE_UPLOADS_STAFF"]
)
@pytest.mark.parametrize("rate", ["", "often", "10/fortnight", 10])
def test_a_bad_rate_is_refused_at_start(name: str, rate: Any) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: rate}, environ={})


def test_the_old_questions_setting_is_named_for_renaming() -> None:
    with pytest.raises(SettingsError, match="CARTABLE_RATE_QUESTIONS"):
        load_settings(environ={"CARTABLE_QUESTIONS_RATE": "10/hour"})


def test_production_refuses_counters_in_process_memory() -> None:
    with pytest.raises(SettingsError, match="REDIS_URL") as refused:
        load_settings(PRODUCTION, environ={})
    assert "CARTABLE_RATELIMIT_SINGLE_PROCESS" in str(refused.value)
    with pytest.raises(SettingsError, match="REDIS_URL"):
        load_settings({**PRODUCTION, "RATELIMIT_STORAGE_URI": "memory://"}, environ={})


def test_production_accepts_redis_or_an_explicit_single_process() -> None:
    shared = load_settings({**PRODUCTION, "REDIS_URL": REDIS_URL}, environ={})
    assert shared["RATELIMIT_STORAGE_URI"] == REDIS_URL
    single = load_settings(
        PRODUCTION, environ={"CARTABLE_RATELIMIT_SINGLE_PROCESS": "1"}
    )
    assert single["RATELIMIT_STORAGE_URI"] == "memory://"
    development = load_settings({}, environ={})  # development keeps memory://
    assert development["RATELIMIT_STORAGE_URI"] == "memory://"


def test_the_factory_refuses_to_start_a_production_app_without_redis(
    tmp_path: Path,
) -> None:
    from lti_app import create_app

    with pytest.raises(SettingsError, match="REDIS_URL"):
        create_app({**PRODUCTION, "CARTABLE_DATA_DIR": str(tmp_path)})


@pytest.mark.backends
def test_two_workers_share_one_allowance(make_app: Callable[..., Flask]) -> None:
    """Two apps (two workers) on one Redis: a student's posts count together."""
    settings = {
        "CARTABLE_REDIS_PREFIX": f"test:{uuid.uuid4().hex}:",
        "CARTABLE_RATE_SUGGESTIONS": "3/hour",
    }
    first = make_app("postgresql+redis", **settings)
    second = make_app("postgresql+redis", **settings)
    with running_platform("https://moodle.example.test", "WUiumDzTU0rgVYE", "1") as p:
        register(first, p)
        ltik = Launcher(first.test_client(), p).launch_token(
            sub="4", **{LTI + "roles": LEARNER_ROLES}
        )
    workers = [Browser(app, app.test_client(use_cookies=False), ltik)
               for app in (first, second, first, second)]  # fmt: skip
    data = {"kind": "request", "text": "Des lectures ?"}
    codes = [w.post("/references/suggestions", data).status_code for w in workers]
    assert codes == [303, 303, 303, 429]
