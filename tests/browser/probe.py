"""A test-only WSGI app mounted at ``/_probe`` on both servers of a live demo.

It proves what the browser does with cookies, independently of Cartable:
``/_probe/frame?src=URL`` is a page that frames ``URL``; ``/_probe/set`` sets a
plain ``SameSite=None; Secure`` cookie and a ``Partitioned`` one, then 303s to
``/_probe/echo``, which shows the cookie names the server received.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from markupsafe import escape
from playwright.sync_api import BrowserContext, expect
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from tests.support.demo import LiveDemo

PLAIN = "probe_plain"
PARTITIONED = "probe_partitioned"
# Chrome's "Block third-party cookies" setting, as a user (or policy) sets it.
BLOCK_THIRD_PARTY = {
    "profile": {"cookie_controls_mode": 1, "block_third_party_cookies": True}
}


class CookieProbe:
    """The probe app, to mount in front of the served app."""

    def __init__(self) -> None:
        self.app = Flask(__name__)
        self.app.add_url_rule("/frame", view_func=self._frame)
        self.app.add_url_rule("/set", view_func=self._set)
        self.app.add_url_rule("/echo", view_func=self._echo)

    def mount(self, app: Any) -> Any:
        """WSGI middleware for ``make_live_demo(wrap=...)``."""
        return DispatcherMiddleware(app, {"/_probe": self.app})

    def _frame(self) -> str:
        src = escape(request.args["src"])
        return (
            '<!doctype html><html lang="en"><title>probe</title>'
            f'<iframe id="probe" title="probe" src="{src}"></iframe></html>'
        )

    def _set(self) -> Response:
        response = Response(status=303, headers={"Location": "echo"})
        for name, partitioned in ((PLAIN, False), (PARTITIONED, True)):
            response.set_cookie(
                name, "1", secure=True, samesite="None", partitioned=partitioned
            )
        return response

    def _echo(self) -> Response:
        names = set(request.cookies)
        body = "cookies: " + " ".join(sorted(names)) if names else "cookies: none"
        return Response(body, mimetype="text/plain")


def cookies_back_in_frame(
    context: BrowserContext, lms_url: str, tool_url: str
) -> set[str]:
    """The probe cookies that a tool frame on an LMS page sets and gets back."""
    page = context.new_page()
    page.goto(f"{lms_url}/_probe/frame?src={tool_url}/_probe/set")
    body = page.frame_locator("#probe").locator("body")
    expect(body).to_contain_text("cookies:")
    names = set(body.inner_text().removeprefix("cookies:").split()) - {"none"}
    page.close()
    return names


def cookies_back_first_party(context: BrowserContext, tool_url: str) -> set[str]:
    """The same, with the tool's origin as the top-level page."""
    page = context.new_page()
    page.goto(f"{tool_url}/_probe/set")
    body = page.locator("body")
    expect(body).to_contain_text("cookies:")
    names = set(body.inner_text().removeprefix("cookies:").split()) - {"none"}
    page.close()
    return names


def itp_like(demo: LiveDemo) -> dict[str, Any]:
    """Safari's rule in Chromium's terms: no third-party cookie at all for the tool.

    Third-party cookies are blocked, and a content-setting exception (pattern pair
    "cookie URL, top-level URL") blocks every cookie of the tool's origin while the
    LMS is the top-level page, ``Partitioned`` ones included. With the tool as the
    top-level page the pair does not match, so its cookies work first-party, as in
    Safari.
    """
    pair = f"{demo.tool_url},{demo.lms_url}"
    return {
        "profile": {
            "cookie_controls_mode": 1,
            "block_third_party_cookies": True,
            "content_settings": {"exceptions": {"cookies": {pair: {"setting": 2}}}},
        }
    }
