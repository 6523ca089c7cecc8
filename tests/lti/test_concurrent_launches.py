"""Row 10 of issue 16: first launches arriving together never end in a 500.

A double click, two tabs, a class opening the activity at once: each launch finds
no user, course or membership and creates them. Against a real gunicorn (two
worker processes, threads), the launches are released together by a barrier.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import create_engine, func, select, table

from tests.support.platform import AGS_ENDPOINT, AGS_SCOPE, LTI, Platform
from tests.support.servers import environment, free_port, gunicorn_server, prepare

pytestmark = pytest.mark.backends
WAIT = 120  # seconds: a bound for a loaded machine, never a sleep


def _launch(
    base: str, platform: Platform, sub: str, barrier: threading.Barrier
) -> tuple[int, int, str]:
    """Login, then wait for the others, launch, and open the page landed on."""
    session = requests.Session()
    login = session.post(base + "/lti/login", data={
        "iss": platform.issuer, "login_hint": sub, "client_id": platform.client_id,
        "target_link_uri": base + "/lti/launch", "lti_deployment_id": "1",
        "lti_message_hint": '{"cmid":2}'}, allow_redirects=False, timeout=WAIT)  # fmt: skip
    assert login.status_code == 303, login.text
    onward = session.get(
        base + login.headers["Location"], allow_redirects=False, timeout=WAIT
    )
    assert onward.status_code == 303, onward.text
    query = parse_qs(urlsplit(onward.headers["Location"]).query)
    claims = platform.claims(query["nonce"][0], sub=sub, name=f"Personne {sub}", **{
        LTI + "target_link_uri": base + "/lti/launch",
        AGS_ENDPOINT: {"lineitems": platform.issuer + "/mod/lti/services.php/2/lineitems",
                       "scope": [AGS_SCOPE + "score"]}})  # fmt: skip
    form = {"id_token": platform.sign(claims), "state": query["state"][0]}
    barrier.wait(timeout=WAIT)
    launch = session.post(
        base + "/lti/launch", data=form, allow_redirects=False, timeout=WAIT
    )
    if launch.status_code != 303:
        return launch.status_code, 0, launch.text[:500]
    page = session.get(base + launch.headers["Location"], timeout=WAIT)
    return 303, page.status_code, urlsplit(launch.headers["Location"]).path


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = select(func.count())
        counts = {name: int(conn.execute(count.select_from(table(name))).scalar_one())
                  for name in ("users", "courses", "memberships", "resource_links",
                                "course_service_endpoints")}  # fmt: skip
    engine.dispose()
    return counts


@pytest.fixture(params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path: Path, platform_for_servers: Platform
) -> Iterator[tuple[str, str]]:
    """Gunicorn on a fresh database; returns (base URL, database URL)."""
    settings: dict[str, str] = {}
    if request.param == "postgresql":
        settings["DATABASE_URL"] = request.getfixturevalue("fresh_schema_url")
    port = free_port()
    env = environment(tmp_path / "data", (port,), **settings)
    prepare(env, platform_for_servers)
    database = (
        settings.get("DATABASE_URL")
        or f"sqlite:///{tmp_path / 'data' / 'cartable.sqlite3'}"
    )
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(env, port, log) as base:
        yield base, database
    text_log = log.read_text()
    assert "Traceback" not in text_log, text_log
    assert "unhandled error" not in text_log, text_log


def _all_at_once(
    server: tuple[str, str], platform: Platform, subs: list[str]
) -> dict[str, int]:
    base, database = server
    barrier = threading.Barrier(len(subs))
    with ThreadPoolExecutor(max_workers=len(subs)) as pool:
        results = list(pool.map(lambda s: _launch(base, platform, s, barrier), subs))
    assert results == [(303, 200, "/course/")] * len(subs), results
    return _counts(database)


def test_ten_first_launches_of_one_person_at_once(
    server: tuple[str, str], platform_for_servers: Platform
) -> None:
    counts = _all_at_once(server, platform_for_servers, ["4"] * 10)
    assert counts == {"users": 1, "courses": 1, "memberships": 1, "resource_links": 1,
                      "course_service_endpoints": 1}  # fmt: skip


def test_forty_people_opening_the_activity_at_once(
    server: tuple[str, str], platform_for_servers: Platform
) -> None:
    counts = _all_at_once(
        server, platform_for_servers, [str(100 + n) for n in range(40)]
    )
    assert counts == {"users": 40, "courses": 1, "memberships": 40, "resource_links": 1,
                      "course_service_endpoints": 1}  # fmt: skip
