"""DOI look-up against a local resolver double: found, unknown, down, slow, garbage."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask

from tests.conftest import register
from tests.references.conftest import Browser, pending_id
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LTI, Platform

FOUND = {
    "type": "article-journal", "id": "https://doi.org/10.1234/abc",
    "title": "Le partenariat <em>en</em> question", "container-title": "Revue française",
    "author": [{"family": "Damon", "given": "Julien"}],
    "issued": {"date-parts": [[2002, 3]]}, "DOI": "10.1234/ABC",
}  # fmt: skip


class Resolver(BaseHTTPRequestHandler):
    """Answers like Crossref's transform endpoint, by DOI."""

    def do_GET(self) -> None:
        doi = (
            self.path.removeprefix("/works/").removesuffix("/csl").lower()
        )  # DOIs ignore case
        if doi == "10.1234/slow":
            time.sleep(1.0)
        body, status = {
            "10.1234/abc": (json.dumps(FOUND).encode(), 200),
            "10.1234/garbage": (b"<html>oops</html>", 200),
            "10.1234/error": (b"", 503),
        }.get(doi, (b"Resource not found.", 404))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # timed out
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def resolver_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Resolver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/works/{{doi}}/csl"
    server.shutdown()
    server.server_close()


@pytest.fixture
def doi_staff(make_app: Callable[..., Flask], platform: Platform,
              resolver_url: str) -> Browser:  # fmt: skip
    app = make_app(CARTABLE_DOI_RESOLVER=resolver_url, CARTABLE_HTTP_TIMEOUT=0.3)
    register(app, platform)
    ltik = Launcher(app.test_client(), platform).launch_token(
        **{LTI + "roles": INSTRUCTOR_ROLES}
    )
    return Browser(app, app.test_client(use_cookies=False), ltik)


def test_a_found_doi_goes_to_the_preview(doi_staff: Browser) -> None:
    response = doi_staff.post(
        "/references/add/doi", {"doi": "https://doi.org/10.1234/abc"}
    )
    pid = pending_id(response)
    preview = doi_staff.get(f"/references/imports/{pid}").text
    assert "damon2002" in preview
    assert "Le partenariat &lt;em&gt;en&lt;/em&gt; question" in preview
    assert (
        doi_staff.post(
            f"/references/imports/{pid}", {"decision": "confirm"}
        ).status_code
        == 303
    )
    again = pending_id(
        doi_staff.post("/references/add/doi", {"doi": "doi:10.1234/ABC"})
    )
    assert (
        "déjà dans le cours sous la clé"
        in doi_staff.get(f"/references/imports/{again}").text
    )


@pytest.mark.parametrize(
    ("doi", "status", "message"),
    [
        ("10.1234/unknown", 404, "Ce DOI est inconnu"),
        ("10.1234/slow", 424, "pas répondu à temps"),
        ("10.1234/error", 424, "ne répond pas"),
        ("10.1234/garbage", 422, "réponse inexploitable"),
        ("pas un doi", 422, "Ce n&#39;est pas un DOI"),
    ],
)
def test_resolver_failures_are_explained(
    doi_staff: Browser, doi: str, status: int, message: str
) -> None:
    response = doi_staff.post("/references/add/doi", {"doi": doi})
    assert response.status_code == status
    assert message in response.text


def test_resolver_down(make_app: Callable[..., Flask], platform: Platform) -> None:
    app = make_app(
        CARTABLE_DOI_RESOLVER="http://127.0.0.1:9/{doi}", CARTABLE_HTTP_TIMEOUT=0.5
    )
    register(app, platform)
    ltik = Launcher(app.test_client(), platform).launch_token(
        **{LTI + "roles": INSTRUCTOR_ROLES}
    )
    staff = Browser(app, app.test_client(use_cookies=False), ltik)
    response = staff.post("/references/add/doi", {"doi": "10.1234/abc"})
    assert response.status_code == 424
    assert (
        "Cartable n’a pas pu joindre le service de résolution des DOI" in response.text
    )
    assert "ConnectionError" not in response.text  # plain words, no exception names
    assert "Détail" not in response.text
