"""The development LMS registers Cartable by URL, over real HTTP, as Moodle does."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape

import pytest
import requests
from flask import Flask

from lti_app.devlms import registration as lms_registration
from lti_app.lti import registry
from tests.support.live import LiveServer

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"


@dataclass(frozen=True)
class Demo:
    app: Flask
    url: str


@pytest.fixture
def demo(make_app: Callable[..., Flask]) -> Iterator[Demo]:
    with LiveServer() as server:
        app = make_app(
            CARTABLE_DEV_LMS=True,
            CARTABLE_PUBLIC_URL=server.url,
            CARTABLE_REGISTRATION_ALLOWED_NETWORKS=["127.0.0.0/8"],
        )
        setup = ["demo", "setup", "--tool-url", server.url, "--lms-url", server.url]
        result = app.test_cli_runner().invoke(args=setup)
        assert result.exit_code == 0, result.output
        assert "/dev/lms/register-tool and paste " in result.output
        server.serve(app)
        yield Demo(app, server.url)


def _registration_url(app: Flask) -> str:
    result = app.test_cli_runner().invoke(args=["platforms", "registration-url"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    assert found, f"no {name} field"
    return unescape(found.group(1))


def test_register_by_url_through_the_development_lms(demo: Demo) -> None:
    browser = requests.Session()
    page = browser.get(demo.url + "/dev/lms/register-tool", timeout=10)
    form = {
        "csrf_token": _field(page.text, "csrf_token"),
        "tool_url": _registration_url(demo.app),
    }
    shown = browser.post(demo.url + "/dev/lms/register-tool", data=form, timeout=10)
    assert shown.status_code == 200
    frame = unescape(re.search(r'<iframe src="([^"]+)"', shown.text).group(1))  # type: ignore[union-attr]
    assert "openid_configuration=" in frame
    assert "registration_token=" in frame
    assert f'data-tool-origin="{demo.url}"' in shown.text
    done = browser.get(frame, timeout=10)  # the tool, in the LMS's frame
    assert done.status_code == 200, done.text
    assert f'data-platform-origin="{demo.url}"' in done.text
    with demo.app.app_context():
        tools = lms_registration.list_tools()
        assert [t.id for t in tools] == [1, 2]
        new = tools[1]
        assert new.client_id in done.text
        assert new.login_url == demo.url + "/lti/login"
        assert new.redirect_uris == [demo.url + "/lti/launch"]
        clients = [
            p for p in registry.list_platforms() if p.issuer == demo.url + "/dev/lms"
        ]
        assert len(clients) == 2  # the demo's own client is kept beside it
        added = next(p for p in clients if p.client_id == new.client_id)
        assert [d.deployment_id for d in added.deployments] == ["2"]
        assert added.keyset_url == demo.url + "/dev/lms/jwks"
    listed = browser.get(demo.url + "/dev/lms/register-tool?closed=1", timeout=10)
    assert new.client_id in listed.text


def _post(demo: Demo, token: str, body: dict[str, object]) -> requests.Response:
    return requests.post(
        demo.url + "/dev/lms/register",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def _body(**tool_changes: object) -> dict[str, object]:
    tool: dict[str, object] = {
        "domain": "t.example",
        "target_link_uri": "https://t.example/lti/launch",
    }
    tool.update(tool_changes)
    return {
        "token_endpoint_auth_method": "private_key_jwt",
        "initiate_login_uri": "https://t.example/lti/login",
        "redirect_uris": ["https://t.example/lti/launch"],
        "jwks_uri": "https://t.example/lti/jwks",
        TOOL_CONFIGURATION: {k: v for k, v in tool.items() if v is not None},
    }


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (_body(domain=None), "missing_domain"),
        (_body(target_link_uri=None), "missing_target_link_uri"),
        (
            {**_body(), "token_endpoint_auth_method": "client_secret_basic"},
            "invalid_client_metadata",
        ),
    ],
)
def test_the_lms_refuses_what_moodle_refuses(
    demo: Demo, body: dict[str, object], error: str
) -> None:
    with demo.app.app_context():
        token = lms_registration.issue_token()
    response = _post(demo, token, body)
    assert response.status_code == 400
    assert response.json()["error"] == error


def test_the_registration_token_is_single_use(demo: Demo) -> None:
    with demo.app.app_context():
        token = lms_registration.issue_token()
    assert _post(demo, token, _body()).status_code == 200
    again = _post(demo, token, _body())
    assert again.status_code == 401
    assert again.json()["error"] == "token_already_used"
    assert _post(demo, "forged", _body()).status_code == 401
