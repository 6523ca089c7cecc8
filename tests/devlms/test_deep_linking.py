"""Deep linking through the development LMS over real HTTP, checked independently.

The verifier below uses PyJWT and the tool's published JWKS only, never the
app's LTI code: what a platform can check is all it checks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from lti_app.devlms.models import DevActivity
from lti_app.extensions import db
from tests.devlms.driver import LmsBrowser, parse
from tests.support.demo import LiveDemo

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


@dataclass(frozen=True)
class Selection:
    """One content selection: what the LMS asked, what the tool answered."""

    request: dict[str, Any]
    token: str
    return_url: str
    browser: LmsBrowser


def _picker(browser: LmsBrowser, person: int) -> tuple[dict[str, Any], Any]:
    """Start a selection from the course page; return the request and the picker."""
    start = browser.get(f"/dev/lms/course/2/deep-link?as={person}")
    assert start.status_code == 200, start.text
    auth_url = browser.to_platform(parse(start).form())
    auth = browser.http.get(auth_url, allow_redirects=False)
    assert auth.status_code == 200, auth.text
    auth_form = parse(auth).form()
    request = jwt.decode(
        auth_form.fields["id_token"], options={"verify_signature": False}
    )
    tool = browser.submit(auth_form)
    assert tool.status_code == 303, tool.text
    return request, browser.http.get(urljoin(tool.url, tool.headers["Location"]))


def select(demo: LiveDemo, targets: list[str], cancel: bool = False) -> Selection:
    """A teacher picks ``targets`` (or cancels); the answer is not yet delivered."""
    browser = demo.browser()
    request, picker = _picker(browser, person=3)
    assert picker.status_code == 200, picker.text
    form = parse(picker).forms[0]
    data: dict[str, Any] = {
        "ltik": form.fields["ltik"],
        "csrf_token": form.fields["csrf_token"],
    }
    data.update({"cancel": "1"} if cancel else {"send": "1", "target": targets})
    answer = browser.http.post(form.action, data=data, allow_redirects=False)
    assert answer.status_code == 200, answer.text
    posted = parse(answer).form()
    assert list(posted.fields) == ["JWT"]
    return Selection(request, posted.fields["JWT"], posted.action, browser)


def verify(demo: LiveDemo, token: str) -> dict[str, Any]:
    """A platform's check of the response, with PyJWT and the tool's JWKS only."""
    http = requests.Session()
    http.trust_env = False
    keyset = http.get(demo.tool_url + "/lti/jwks", timeout=10).json()
    kid = jwt.get_unverified_header(token)["kid"]
    (jwk,) = [k for k in keyset["keys"] if k["kid"] == kid]
    claims: dict[str, Any] = jwt.decode(
        token,
        jwt.PyJWK(jwk).key,
        algorithms=["RS256"],
        audience=demo.info.issuer,
        issuer=demo.info.client_id,
        options={"require": ["exp", "iat", "nonce"]},
    )
    assert claims["iat"] <= time.time() + 5
    assert 0 < claims["exp"] - claims["iat"] <= 600
    assert claims["nonce"]
    assert claims[LTI + "deployment_id"] == demo.info.deployment_id
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[LTI + "version"] == "1.3.0"
    return claims


@pytest.fixture
def demo(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    """The tool on http: the LMS fetches its JWKS server-side without our test CA."""
    return make_live_demo(tool_tls=False)


def test_response_is_signed_and_echoes_the_request(demo: LiveDemo) -> None:
    selection = select(demo, ["course", "reading"])
    settings = selection.request[DL + "deep_linking_settings"]
    assert selection.request[LTI + "message_type"] == "LtiDeepLinkingRequest"
    assert LTI + "resource_link" not in selection.request
    assert selection.return_url == settings["deep_link_return_url"]
    claims = verify(demo, selection.token)
    assert claims[DL + "data"] == settings["data"]
    items = claims[DL + "content_items"]
    assert [i["custom"]["cartable_target"] for i in items] == ["course", "reading"]
    # Each item names its course, so that a course copied in the LMS names its source.
    assert len({i["custom"]["cartable_course"] for i in items}) == 1
    for item in items:
        assert item["type"] == "ltiResourceLink"
        assert item["url"] == demo.tool_url + "/lti/launch"
        assert item["title"]
        assert "iframe" in item


def test_two_responses_never_share_a_nonce(demo: LiveDemo) -> None:
    first = verify(demo, select(demo, ["course"]).token)
    second = verify(demo, select(demo, ["course"]).token)
    assert first["nonce"] != second["nonce"]


def test_cancel_is_an_empty_list_and_creates_nothing(demo: LiveDemo) -> None:
    selection = select(demo, [], cancel=True)
    claims = verify(demo, selection.token)
    assert claims[DL + "content_items"] == []
    assert (
        claims[DL + "data"] == selection.request[DL + "deep_linking_settings"]["data"]
    )
    with demo.app.app_context():
        before = db.session.query(DevActivity).count()
    done = selection.browser.http.post(
        selection.return_url, data={"JWT": selection.token}, timeout=10
    )
    assert done.status_code == 200, done.text
    with demo.app.app_context():
        assert db.session.query(DevActivity).count() == before


def test_returned_item_launches_a_student_onto_its_target(demo: LiveDemo) -> None:
    selection = select(demo, ["reading"])
    done = selection.browser.http.post(
        selection.return_url, data={"JWT": selection.token}, timeout=10
    )
    assert done.status_code == 200, done.text
    with demo.app.app_context():
        created = db.session.query(DevActivity).order_by(DevActivity.id.desc()).first()
        assert created is not None
        assert created.custom["cartable_target"] == "reading"
        assert set(created.custom) == {"cartable_target", "cartable_course"}
        activity_id = created.id
    home = selection.browser.get("/dev/lms/")
    assert f"/activity/{activity_id}?" in home.text
    launch = demo.browser().launch(person=4, activity=activity_id)
    assert launch.claims()[LTI + "custom"]["cartable_target"] == "reading"
    assert launch.claims()[LTI + "resource_link"]["id"] == str(activity_id)
    assert launch.page.status_code == 200
    assert urlsplit(launch.page.url).path == "/references/reading"


def test_a_response_is_accepted_once(demo: LiveDemo) -> None:
    selection = select(demo, ["course"])
    post = selection.browser.http.post
    assert post(selection.return_url, data={"JWT": selection.token}).status_code == 200
    assert post(selection.return_url, data={"JWT": selection.token}).status_code == 400


def test_a_forged_response_is_refused(demo: LiveDemo) -> None:
    selection = select(demo, ["course"])
    claims = jwt.decode(selection.token, options={"verify_signature": False})
    header = jwt.get_unverified_header(selection.token)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        claims, other, algorithm="RS256", headers={"kid": header["kid"]}
    )
    answer = selection.browser.http.post(selection.return_url, data={"JWT": forged})
    assert answer.status_code == 400


def test_students_cannot_start_a_selection(demo: LiveDemo) -> None:
    browser = demo.browser()
    assert browser.get("/dev/lms/course/2/deep-link?as=4").status_code == 403
