"""The development LMS and the tool served over real HTTP (a pytest plugin).

``make_live_demo(backend="sqlite", tool_tls=True, lms_host="localhost")`` serves one
app seeded by ``flask demo setup`` behind two servers: the LMS on
``http://<lms_host>:<port>`` and the tool on ``https://127.0.0.1:<port>`` (a
throwaway certificate) or, with ``tool_tls=False``, ``http://127.0.0.1:<port>``.
``wrap`` puts WSGI middleware in front of the app on both servers (tests mount
probe routes with it). ``live_demo`` is the default: two different sites.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from lti_app.devlms.service import PlatformInfo, platform_info
from tests.devlms.driver import LmsBrowser
from tests.support.live import Certificate, LiveServer, make_certificate

WsgiApp = Any


@dataclass(frozen=True)
class LiveDemo:
    """The served app, both base URLs, and what the tool registered."""

    app: Flask
    lms_url: str
    tool_url: str
    certificate: Certificate
    info: PlatformInfo

    def browser(self) -> LmsBrowser:
        """A fresh scripted browser (its own cookies) trusting the test certificate."""
        return LmsBrowser(self.lms_url, verify=str(self.certificate.cert_path))


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """One self-signed certificate for 127.0.0.1/localhost per test session."""
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def make_live_demo(
    make_app: Callable[..., Flask], certificate: Certificate
) -> Iterator[Callable[..., LiveDemo]]:
    """``make_live_demo(backend="sqlite", tool_tls=True, lms_host="localhost")``.

    Further keyword arguments are settings of the served app.
    """
    servers: list[LiveServer] = []

    def build(
        backend: str = "sqlite",
        tool_tls: bool = True,
        lms_host: str = "localhost",
        wrap: Callable[[WsgiApp], WsgiApp] | None = None,
        **settings: Any,
    ) -> LiveDemo:
        lms = LiveServer(host_name=lms_host)
        tool = LiveServer(tls=certificate if tool_tls else None)
        servers.extend((lms, tool))
        app = make_app(
            backend, CARTABLE_DEV_LMS=True, CARTABLE_PUBLIC_URL=tool.url, **settings
        )
        setup = ["demo", "setup", "--tool-url", tool.url, "--lms-url", lms.url]
        result = app.test_cli_runner().invoke(args=setup)
        assert result.exit_code == 0, result.output
        with app.app_context():
            info = platform_info()
        served = wrap(app) if wrap else app
        lms.serve(served)
        tool.serve(served)
        return LiveDemo(app, lms.url, tool.url, certificate, info)

    yield build
    for server in servers:
        server.stop()


@pytest.fixture
def live_demo(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    """The demo on SQLite: LMS on http://localhost, tool on https://127.0.0.1."""
    return make_live_demo()
