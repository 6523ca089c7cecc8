"""``flask demo setup`` seeds the LMS and registers it with the tool, idempotently."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from lti_app.devlms.models import DevActivity, DevEnrolment, DevPerson, DevSite, DevTool
from lti_app.devlms.service import platform_info
from lti_app.extensions import db
from lti_app.lti import registry

TOOL = "https://cartable.example.test"
LMS = "http://lms.example.test:8100"


def _counts() -> tuple[int, ...]:
    models = (DevSite, DevTool, DevPerson, DevEnrolment, DevActivity)
    return tuple(
        db.session.scalar(select(func.count()).select_from(m)) or 0 for m in models
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_setup_twice_registers_exactly_one_platform_and_deployment(
    make_app: Callable[..., Flask], backend: str
) -> None:
    app = make_app(backend, CARTABLE_DEV_LMS=True, CARTABLE_PUBLIC_URL=TOOL)
    runner = app.test_cli_runner()
    args = ["demo", "setup", "--lms-url", LMS]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert f"{LMS}/dev/lms/" in first.output
    with app.app_context():
        before, info = _counts(), platform_info()
    second = runner.invoke(args=args)
    assert second.exit_code == 0, second.output
    with app.app_context():
        assert _counts() == before == (1, 1, 12, 11, 3)
        assert platform_info() == info
        (platform,) = registry.list_platforms()
        assert (platform.issuer, platform.client_id) == (info.issuer, info.client_id)
        assert platform.issuer == LMS + "/dev/lms"
        assert platform.keyset_url == LMS + "/dev/lms/jwks"
        assert platform.auth_login_url == LMS + "/dev/lms/auth"
        assert [d.deployment_id for d in platform.deployments] == ["1"]
        tool = db.session.get(DevTool, 1)
        assert tool is not None
        assert tool.redirect_uris == [TOOL + "/lti/launch"]
        assert tool.login_url == TOOL + "/lti/login"
        assert tool.jwks_url == TOOL + "/lti/jwks"


def test_setup_keeps_the_privacy_choice_and_the_key(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(CARTABLE_DEV_LMS=True, CARTABLE_PUBLIC_URL=TOOL)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "setup"]).exit_code == 0
    with app.app_context():
        from lti_app.devlms.service import set_privacy

        set_privacy(send_name=False, send_email=False)
        kid = db.session.scalar(select(DevSite.kid))
    assert runner.invoke(args=["demo", "setup"]).exit_code == 0
    with app.app_context():
        tool = db.session.get(DevTool, 1)
        assert tool is not None
        assert (tool.send_name, tool.send_email) == (False, False)
        assert db.session.scalar(select(DevSite.kid)) == kid


def test_setup_refuses_without_the_development_lms(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo", "setup"])
    assert result.exit_code != 0
    assert "CARTABLE_DEV_LMS=on" in result.output
