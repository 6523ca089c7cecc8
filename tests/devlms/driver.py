"""A scripted browser between the development LMS and the tool, over real HTTP.

It does what Chromium does with Moodle's pages: load the activity page, follow the
iframe, submit each auto-submitting form, follow the tool's 303s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import requests


@dataclass
class Form:
    """A form as the page declares it."""

    action: str
    method: str
    attrs: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Page:
    """What a test reads from an HTML page."""

    url: str
    lang: str | None = None
    forms: list[Form] = field(default_factory=list)
    iframes: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)

    def form(self) -> Form:
        """The single auto-submitting form of the page."""
        autos = [f for f in self.forms if "data-autosubmit" in f.attrs]
        assert len(autos) == 1, f"expected one auto-submitting form on {self.url}"
        return autos[0]


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.page.lang = values.get("lang")
        elif tag == "form":
            action = urljoin(self.page.url, values.get("action", ""))
            self.page.forms.append(Form(action, values.get("method", "get"), values))
        elif tag == "input" and self.page.forms and "name" in values:
            self.page.forms[-1].fields[values["name"]] = values.get("value", "")
        elif tag == "iframe":
            self.page.iframes.append(values)
        elif tag == "a":
            self.page.links.append(values)


def parse(response: requests.Response) -> Page:
    """Parse a response's HTML."""
    page = Page(response.url)
    _Parser(page).feed(response.text)
    return page


@dataclass(frozen=True)
class Launch:
    """Every step of one launch, for the tests to inspect."""

    login_form: Form
    auth_url: str
    auth_response: requests.Response
    tool_response: requests.Response
    page: requests.Response

    @property
    def auth_form(self) -> Form:
        return parse(self.auth_response).form()

    @property
    def id_token(self) -> str:
        return self.auth_form.fields["id_token"]

    def claims(self) -> dict[str, Any]:
        """The id_token's payload, unverified (the tool verified it)."""
        return dict(jwt.decode(self.id_token, options={"verify_signature": False}))

    @property
    def ltik(self) -> str:
        """The launch token the tool put in its redirect."""
        query = urlsplit(self.tool_response.headers["Location"]).query
        return parse_qs(query)["ltik"][0]


class LmsBrowser:
    """One person's browser: cookies per site, TLS checked against the test CA."""

    def __init__(self, lms_url: str, verify: str) -> None:
        self.lms_url = lms_url
        self.http = requests.Session()
        # REQUESTS_CA_BUNDLE would silently replace ``verify``; no proxy either.
        self.http.trust_env = False
        self.http.verify = verify

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.http.get(urljoin(self.lms_url, url), timeout=10, **kwargs)

    def activity_page(self, person: int, activity: int = 1, course: int = 2) -> Page:
        response = self.get(f"/dev/lms/course/{course}/activity/{activity}?as={person}")
        assert response.status_code == 200, response.text
        return parse(response)

    def login_form(
        self, person: int, activity: int = 1, target: str | None = None
    ) -> Form:
        """Open the activity page and load the launch it frames (or links to)."""
        page = self.activity_page(person, activity)
        if target is None and page.iframes:
            src = page.iframes[0]["src"]
        else:
            wanted = f"target={target or 'window'}"
            src = next(a["href"] for a in page.links if wanted in a.get("href", ""))
        response = self.get(urljoin(page.url, src))
        assert response.status_code == 200, response.text
        return parse(response).form()

    def to_platform(self, form: Form) -> str:
        """Submit the login initiation; return the platform auth URL the tool chose."""
        response = self.http.post(form.action, data=form.fields, allow_redirects=False)
        assert response.status_code == 303, response.text
        onward = self.http.get(
            urljoin(response.url, response.headers["Location"]), allow_redirects=False
        )
        assert onward.status_code == 303, onward.text
        return str(onward.headers["Location"])

    def submit(self, form: Form) -> requests.Response:
        """POST a form without following redirects."""
        return self.http.post(form.action, data=form.fields, allow_redirects=False)

    def launch(
        self, person: int, activity: int = 1, target: str | None = None
    ) -> Launch:
        """The whole exchange, ending on the tool's page."""
        login = self.login_form(person, activity, target)
        auth_url = self.to_platform(login)
        auth_response = self.http.get(auth_url, allow_redirects=False)
        assert auth_response.status_code == 200, auth_response.text
        tool_response = self.submit(parse(auth_response).form())
        assert tool_response.status_code == 303, tool_response.text
        page = self.http.get(
            urljoin(tool_response.url, tool_response.headers["Location"])
        )
        return Launch(login, auth_url, auth_response, tool_response, page)
