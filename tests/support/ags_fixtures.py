"""Fixtures of the AGS platform double (a pytest plugin listed in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import register
from tests.support.ags_platform import AgsPlatform
from tests.support.live import LiveServer
from tests.support.platform import Platform


@pytest.fixture
def tool_server(app: Flask) -> Iterator[LiveServer]:
    """The tool served over real HTTP, so that the platform can fetch its JWKS."""
    with LiveServer() as server:
        server.serve(app)
        yield server


@pytest.fixture
def ags(
    app: Flask, platform: Platform, tool_server: LiveServer
) -> Iterator[AgsPlatform]:
    """The platform's AGS/NRPS side; the registration's token URL points at it.

    The roster: teacher 3 (Instructor), students 4, 5 and 6 (Learner).
    """
    double = AgsPlatform(platform.client_id, tool_server.url + "/lti/jwks")
    platform.auth_token_url = double.token_url
    register(app, platform)
    double.add_member("3", "Instructor", name="Mathilde Garnier")
    for sub, given, family in (
        ("4", "Inès", "Moreau"),
        ("5", "Yanis", "Belkacem"),
        ("6", "Léa", "Fontaine"),
    ):
        double.add_member(
            sub,
            name=f"{given} {family}",
            given_name=given,
            family_name=family,
            email=f"{given.lower()}.{family.lower()}@etu.example.test",
        )
    try:
        yield double
    finally:
        double.close()
