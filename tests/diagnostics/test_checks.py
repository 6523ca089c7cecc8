"""Each diagnostic line, made to pass and to fail once."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from werkzeug.test import TestResponse

from lti_app.diagnostics import recording
from lti_app.diagnostics.models import REFUSAL, Observation
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from tests.conftest import register
from tests.diagnostics.conftest import line, printed_token, status
from tests.support.launcher import Launcher
from tests.support.platform import LTI, Platform, RsaKey, running_platform

Page = Callable[[], TestResponse]
KEYS = "Clés publiques de la plateforme"
CLOCK = "Horloge de la plateforme"
PROXY = "Adresse vue derrière le proxy"
COOKIE = "Cookie de lancement"
REFUSED = "Lancements refusés"


def test_jwks_answering_with_a_usable_key(
    platform: Platform, diagnostics: Page
) -> None:
    page = diagnostics()
    assert status(page, KEYS) == "ok"
    assert platform.key.kid in line(page, KEYS)


@pytest.mark.parametrize("breakage", ["http-500", "no-keys", "hs256-only", "down"])
def test_dead_jwks(platform: Platform, diagnostics: Page, breakage: str) -> None:
    if breakage == "http-500":
        platform.jwks.status = 500
    elif breakage == "no-keys":
        platform.jwks.keys = []
    elif breakage == "hs256-only":
        platform.jwks.keys = [{"kty": "oct", "k": "c2VjcmV0", "alg": "HS256"}]
    else:
        platform.jwks.close()
    page = diagnostics()
    assert status(page, KEYS) == "fail"
    assert "Comment corriger" in line(page, KEYS)
    assert platform.jwks.url in line(page, KEYS)


def test_clock_in_time_and_skewed(launcher: Launcher, diagnostics: Page) -> None:
    assert status(diagnostics(), CLOCK) == "none"
    launcher.launch_token()
    assert status(diagnostics(), CLOCK) == "ok"
    now = int(time.time())
    for _ in range(2):  # the median moves: two launches 40 s behind
        launcher.launch_token(iat=now - 40, exp=now + 60)
    page = diagnostics()
    assert status(page, CLOCK) == "fail"
    median = re.search(r"([+-]\d+\.\d) s", line(page, CLOCK))
    assert median is not None
    assert 39 <= float(median.group(1)) <= 45  # 40 s, plus a slow machine's delay
    assert "NTP" in line(page, CLOCK)


def test_proxy_seen_as_public(diagnostics: Page) -> None:
    assert status(diagnostics(), PROXY) == "ok"


def test_proxy_scheme_wrong_without_proxy_fix(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(CARTABLE_PUBLIC_URL="https://localhost")
    token = printed_token(app)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "localhost"}
    page = app.test_client().get(
        "/lti/diagnostics", query_string={"token": token}, headers=headers
    )
    assert status(page, PROXY) == "fail"
    assert "CARTABLE_PROXY_HOPS" in line(page, PROXY)
    assert "http://localhost" in line(page, PROXY)
    # With the hop trusted, the same request is seen as the public URL.
    fixed = make_app(CARTABLE_PUBLIC_URL="https://localhost", CARTABLE_PROXY_HOPS=1)
    page = fixed.test_client().get(
        "/lti/diagnostics",
        query_string={"token": printed_token(fixed)},
        headers=headers,
    )
    assert status(page, PROXY) == "ok"


def test_cookie_kept_then_lost(
    client: FlaskClient, launcher: Launcher, diagnostics: Page
) -> None:
    assert status(diagnostics(), COOKIE) == "none"
    launcher.launch_token()  # the state cookie came back in the frame
    assert status(diagnostics(), COOKIE) == "ok"
    started = launcher.start_login()
    state = started.location.split("state=", 1)[1]
    client.delete_cookie(f"lti_state_{state}")  # the browser blocked it
    # over https: over http this platform's other site would be http-cross-site
    blocked = client.get(started.location, base_url="https://localhost")
    assert blocked.status_code == 200  # the new-window offer
    page = diagnostics()
    assert status(page, COOKIE) == "warn"
    assert "1 lancement(s) réussi(s), dont 0 sans cookie" in line(page, COOKIE)
    assert "; 1 connexion(s)" in line(page, COOKIE)
    assert "nouvelle fenêtre" in line(page, COOKIE)


def test_refused_launches_are_listed_with_their_codes(
    launcher: Launcher, platform: Platform, diagnostics: Page, client: FlaskClient
) -> None:
    assert status(diagnostics(), REFUSED) == "ok"
    login = launcher.login()
    claims = platform.claims(login.nonce)
    launcher.post(platform.sign(claims, key=RsaKey("forger")), login.state)
    launcher.launch(**{LTI + "deployment_id": "99"})
    client.post("/lti/login", data=launcher.login_params(iss="https://x.example"))
    page = diagnostics()
    assert status(page, REFUSED) == "fail"
    refused = line(page, REFUSED)
    assert "unknown-kid" in refused
    assert "deployment-unknown" in refused
    assert platform.client_id in refused
    # The unregistered issuer is listed apart, for the CLI token's reader only.
    assert "https://x.example" in page.text.split("non enregistrées", 1)[1]


def test_old_refusals_are_only_to_watch(
    app: Flask, launcher: Launcher, diagnostics: Page
) -> None:
    launcher.launch(**{LTI + "deployment_id": "99"})
    with app.app_context():
        db.session.execute(
            update(Observation).values(created_at=utcnow() - timedelta(days=2))
        )
        db.session.commit()
    page = diagnostics()
    assert status(page, REFUSED) == "warn"
    assert "deployment-unknown" in line(page, REFUSED)


def test_no_personal_data_is_kept_or_shown(
    app: Flask, launcher: Launcher, platform: Platform, diagnostics: Page
) -> None:
    launcher.launch_token()
    launcher.launch(**{LTI + "deployment_id": "99"})
    page = diagnostics().text
    with app.app_context():
        rows = db.session.scalars(select(Observation)).all()
        assert {row.kind for row in rows} == {"launch", "refusal"}
        stored = " ".join(
            str(getattr(row, column.name))
            for row in rows
            for column in Observation.__table__.columns
        )
    for personal in ("Inès", "Moreau", "ines.moreau@etu.example.test", "M1-POLSOC"):
        assert personal not in stored
        assert personal not in page
    columns = {c.name for c in Observation.__table__.columns}
    assert not columns & {"sub", "name", "email", "user_id", "ip", "user_agent"}


def test_the_table_is_bounded(app: Flask) -> None:
    with app.app_context():
        for _ in range(recording.KEEP + 3 * recording.PRUNE_EVERY):
            recording.add(Observation(kind=REFUSAL, reason="state-unknown"))
        count = db.session.scalar(select(func.count()).select_from(Observation))
    assert count is not None
    assert count <= recording.KEEP + recording.PRUNE_EVERY


def test_a_launch_through_platform_storage_is_counted(
    app: Flask, launcher: Launcher, platform: Platform, diagnostics: Page
) -> None:
    page = launcher.start_login(lti_storage_target="post_message_forwarding")
    state = re.search(r'data-state="([^"]*)"', page.text).group(1)  # type: ignore[union-attr]
    nonce = re.search(r'data-nonce="([^"]*)"', page.text).group(1)  # type: ignore[union-attr]
    framed = app.test_client()  # kept no cookie: the state comes from the platform
    done = framed.post(
        "/lti/launch",
        data={
            "id_token": platform.sign(platform.claims(nonce)),
            "state": state,
            "lti_storage_state": state,
            "lti_storage_nonce": nonce,
        },
    )
    assert done.status_code == 303, done.text
    cookie = line(diagnostics(), COOKIE)
    assert "1 lancement(s) réussi(s), dont 1 sans cookie" in cookie


def _section(page: TestResponse, client_id: str) -> str:
    """The HTML of one registration's section, found by its client id."""
    text = page.text
    start = text.rindex("<section", 0, text.index(f" · {client_id}</h2>"))
    return text[start : text.index("</section>", start)]


def test_refusals_are_counted_per_client_of_one_issuer(
    app: Flask, launcher: Launcher, platform: Platform, diagnostics: Page,
    client: FlaskClient,
) -> None:  # fmt: skip
    """Two clients of one Moodle: one's refusals never blame the other."""
    with running_platform(platform.issuer, "SecondClient0002", "5") as second:
        register(app, second)
        launcher.launch(**{LTI + "deployment_id": "99"})
        page = diagnostics()
        first_html = _section(page, platform.client_id)
        second_html = _section(page, second.client_id)
        assert "deployment-unknown" in first_html
        assert "deployment-unknown" not in second_html
        assert "Aucun lancement refusé récemment." in second_html
        Launcher(client, second).launch(**{LTI + "deployment_id": "98"})
        page = diagnostics()
        assert "deployment-unknown" in _section(page, second.client_id)
        first_refusals = _section(page, platform.client_id).split(REFUSED, 1)[1]
        assert "1 refus récent" in first_refusals
    client.post("/lti/login", data=launcher.login_params(client_id="NotOurs0003"))
    listed = diagnostics().text.split("non enregistrées", 1)[1]
    assert "NotOurs0003" in listed
