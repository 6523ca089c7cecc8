"""Settings: defaults < CARTABLE_SETTINGS file < environment < overrides, validated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lti_app.settings import DEV_SECRET, SettingsError, load_settings

STRONG = "s" * 40
PRODUCTION = {
    "CARTABLE_ENV": "production",
    "SECRET_KEY": STRONG,
    "CARTABLE_PUBLIC_URL": "https://cartable.example.test/",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings({"CARTABLE_DATA_DIR": str(tmp_path)}, environ={})
    assert settings["CARTABLE_ENV"] == "development"
    assert settings["SECRET_KEY"] == DEV_SECRET
    assert settings["CARTABLE_DEV_LMS"] is False
    assert settings["CARTABLE_PROXY_HOPS"] == 0
    assert settings["CARTABLE_JWT_LEEWAY"] == 60
    assert settings["REDIS_URL"] is None
    assert (
        settings["DATABASE_URL"] == f"sqlite:///{tmp_path.resolve()}/cartable.sqlite3"
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == settings["DATABASE_URL"]


def test_environment_overrides_defaults_and_is_coerced() -> None:
    environ = {
        "DATABASE_URL": "postgresql+psycopg://db/cartable",
        "CARTABLE_DEV_LMS": "on",
        "CARTABLE_PROXY_HOPS": "2",
        "CARTABLE_HTTP_TIMEOUT": "2.5",
        "CARTABLE_EXTRA_TARGET_HOSTS": "a.example.test, b.example.test,",
        "CARTABLE_PUBLIC_URL": "https://cartable.example.test/",
    }
    settings = load_settings(environ=environ)
    assert settings["DATABASE_URL"] == "postgresql+psycopg://db/cartable"
    assert settings["CARTABLE_DEV_LMS"] is True
    assert settings["CARTABLE_PROXY_HOPS"] == 2
    assert settings["CARTABLE_HTTP_TIMEOUT"] == 2.5
    assert settings["CARTABLE_EXTRA_TARGET_HOSTS"] == [
        "a.example.test",
        "b.example.test",
    ]
    assert settings["CARTABLE_PUBLIC_URL"] == "https://cartable.example.test"


def test_settings_file_under_environment_under_overrides(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "CARTABLE_JWT_LEEWAY = 10\nCARTABLE_JWT_MAX_AGE = 120\n"
        "CARTABLE_PROXY_HOPS = 1\n"
        'CARTABLE_EXTRA_TARGET_HOSTS = ["x.example.test"]\n',
        encoding="utf-8",
    )
    environ = {
        "CARTABLE_SETTINGS": str(path),
        "CARTABLE_JWT_MAX_AGE": "300",
        "CARTABLE_PROXY_HOPS": "2",
    }
    settings = load_settings({"CARTABLE_PROXY_HOPS": 3}, environ=environ)
    assert settings["CARTABLE_JWT_LEEWAY"] == 10  # the file
    assert settings["CARTABLE_JWT_MAX_AGE"] == 300  # the environment
    assert settings["CARTABLE_PROXY_HOPS"] == 3  # the overrides
    assert settings["CARTABLE_EXTRA_TARGET_HOSTS"] == ["x.example.test"]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        pytest.param({"CARTABLE_DEV_LMS": "maybe"}, "on or off", id="bad-boolean"),
        pytest.param({"CARTABLE_JWT_LEEWAY": "a minute"}, "number", id="bad-integer"),
        pytest.param({"CARTABLE_HTTP_TIMEOUT": "fast"}, "number", id="bad-float"),
        pytest.param({"CARTABLE_PROXY_HOPS": "-1"}, "negative", id="negative-hops"),
        pytest.param({"CARTABLE_ENV": "staging"}, "CARTABLE_ENV", id="unknown-env"),
        pytest.param({"CARTABLE_DEFAULT_LOCALE": "de"}, "LOCALE", id="unknown-locale"),
        pytest.param(
            {"CARTABLE_SETTINGS": "/nonexistent/cartable.toml"},
            "cannot read",
            id="missing-file",
        ),
    ],
)
def test_bad_values_raise_settings_error(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(environ=environ)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("CARTABLE_JWT_LEEWAY = [", "cannot read", id="not-toml"),
        pytest.param('CARTABLE_DEV_LMS = "maybe"', "on or off", id="bad-boolean"),
        pytest.param("CARTABLE_DEV_LMS = 2", "on or off", id="number-as-boolean"),
        pytest.param("CARTABLE_PROXY_HOPS = true", "number", id="boolean-as-number"),
        pytest.param('CARTABLE_JWT_LEEWAY = "soon"', "number", id="text-as-number"),
    ],
)
def test_bad_settings_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(environ={"CARTABLE_SETTINGS": str(path)})


def test_production_accepts_a_safe_configuration() -> None:
    settings = load_settings(PRODUCTION, environ={})
    assert settings["CARTABLE_ENV"] == "production"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"SECRET_KEY": DEV_SECRET}, "SECRET_KEY", id="dev-secret"),
        pytest.param({"SECRET_KEY": "short-secret"}, "SECRET_KEY", id="short-secret"),
        pytest.param({"SECRET_KEY": ""}, "SECRET_KEY", id="empty-secret"),
        pytest.param({"CARTABLE_DEV_LMS": True}, "development LMS", id="dev-lms-on"),
        pytest.param(
            {"CARTABLE_PUBLIC_URL": None}, "CARTABLE_PUBLIC_URL", id="no-public-url"
        ),
    ],
)
def test_production_refuses_unsafe_settings(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings({**PRODUCTION, **change}, environ={})


def test_production_refuses_the_dev_secret_from_the_environment() -> None:
    environ = {
        "CARTABLE_ENV": "production",
        "CARTABLE_PUBLIC_URL": "https://c.example.test",
    }
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load_settings(environ=environ)


def test_loading_reads_no_file_and_opens_no_connection(tmp_path: Path) -> None:
    """The data dir is only named: creating it is the first writer's job."""
    target = tmp_path / "not-yet"
    load_settings({"CARTABLE_DATA_DIR": str(target)}, environ={})
    assert not target.exists()


def test_registration_networks_must_be_cidr() -> None:
    environ = {"CARTABLE_REGISTRATION_ALLOWED_NETWORKS": "10.0.0.0/8, ::1/128"}
    settings = load_settings(environ=environ)
    assert settings["CARTABLE_REGISTRATION_ALLOWED_NETWORKS"] == [
        "10.0.0.0/8",
        "::1/128",
    ]
    with pytest.raises(SettingsError, match="not a CIDR network"):
        load_settings(environ={"CARTABLE_REGISTRATION_ALLOWED_NETWORKS": "campus"})
