"""Over plain http, a platform on another site can never launch the tool: say so.

The state cookie is ``SameSite=Lax`` over http, and the platform's form post is
cross-site: no browser sends it, in the frame or in a new window. The page names
the cause (https is needed) with its code, never the browser, and offers no window.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from lti_app.sites import http_cross_site, same_site, site_of
from tests.conftest import register
from tests.support.launcher import Launcher, reason
from tests.support.platform import Platform

HTTPS = "https://localhost"
NEW_WINDOW = "nouvelle fenêtre"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("https://moodle.univ.fr/", "https://cartable.univ.fr/lti", True),
        ("http://moodle.univ.fr/", "https://cartable.univ.fr/", False),  # schemeful
        ("https://moodle.univ-a.fr/", "https://cartable.univ-b.fr/", False),
        ("https://moodle.x.ac.uk/", "https://tool.x.ac.uk/", True),
        ("https://x.ac.uk/", "https://y.ac.uk/", False),  # a two-label public suffix
        ("http://localhost:5000/", "http://localhost:8000/", True),  # ports: same site
        ("http://localhost/", "http://127.0.0.1/", False),
        ("http://127.0.0.1:1/", "http://127.0.0.1:2/", True),
    ],
)
def test_same_site_as_browsers_count_it(first: str, second: str, same: bool) -> None:
    assert same_site(first, second) is same
    assert site_of("https://Moodle.Univ.fr.:443/x") == "https://univ.fr"


def test_only_http_across_sites_is_hopeless() -> None:
    lms = "https://moodle.univ.fr/mod/lti/auth.php"
    assert http_cross_site("http://cartable.example.org/", lms)
    assert not http_cross_site("https://cartable.example.org/", lms)
    assert not http_cross_site("http://cartable.univ.fr/", "http://moodle.univ.fr/")


def _told_straight(response: TestResponse, english: bool = False) -> None:
    """The code, the https cause, no window to open, no word against the browser."""
    assert (response.status_code, reason(response)) == (400, "http-cross-site")
    text = response.text
    assert 'target="_blank"' not in text
    assert "/lti/login/window" not in text
    if english:
        assert "must be served over https when it is not on the same site" in text
        assert "Your browser" not in text
    else:
        assert "doit être servi en https lorsqu’il n’est pas sur le même site" in text
        assert NEW_WINDOW not in text
        assert "Votre navigateur" not in text


def test_frame_over_http_from_another_site_is_told_https(
    app: Flask, platform: Platform
) -> None:
    """Moodle (https://moodle.example.test) frames the tool on http://localhost: the
    cookie never comes back to the login's next step."""
    framed = app.test_client(use_cookies=False)
    started = Launcher(framed, platform).start_login()
    assert started.status_code == 303
    _told_straight(framed.get(started.location))
    english = framed.get(started.location, headers={"Accept-Language": "en"})
    _told_straight(english, english=True)


def test_new_window_over_http_fails_at_the_launch_and_is_told_https(
    app: Flask, platform: Platform
) -> None:
    """A top-level window keeps the Lax cookie through the login, but the platform's
    form post to /lti/launch is cross-site: the cookie stays behind."""
    window = Launcher(app.test_client(), platform)
    login = window.login()  # the cookie came back on the top-level GET
    token = platform.sign(platform.claims(login.nonce))
    window.client.delete_cookie(f"lti_state_{login.state}")  # what Lax does on a POST
    _told_straight(window.post(token, login.state))


def test_over_https_the_cookie_story_is_unchanged(
    app: Flask, platform: Platform
) -> None:
    """Behind TLS a lost cookie is the browser's third-party blocking: the frame
    offers the new window, and a launch without the cookie is state-cookie-missing."""
    framed = app.test_client(use_cookies=False)
    started = Launcher(framed, platform).start_login()
    offer = framed.get(started.location, base_url=HTTPS)
    assert offer.status_code == 200
    assert 'target="_blank"' in offer.text
    window = Launcher(app.test_client(), platform)
    login = window.login()
    token = platform.sign(platform.claims(login.nonce))
    response = app.test_client().post(
        "/lti/launch", data={"id_token": token, "state": login.state}, base_url=HTTPS
    )
    assert (response.status_code, reason(response)) == (400, "state-cookie-missing")


def test_http_on_the_platforms_own_site_keeps_the_window_offer(
    app: Flask, platform: Platform
) -> None:
    """Tool and LMS both on localhost over http: a lost cookie is not the site's
    doing, and the code stays the browser one."""
    local = replace(
        platform,
        client_id="same-site-client",
        issuer="http://localhost:8080/moodle",
        auth_login_url="http://localhost:8080/moodle/mod/lti/auth.php",
    )
    register(app, local)
    framed = app.test_client(use_cookies=False)
    started = Launcher(framed, local).start_login()
    offer = framed.get(started.location)
    assert offer.status_code == 200
    assert 'target="_blank"' in offer.text
