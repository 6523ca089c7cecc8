"""The 1EdTech Data Privacy Launch opens the person's "Mes données" page.

Real OIDC exchanges with signed id_tokens: the platform names the person in
``for_user``; the launching user is that person, or an LMS administrator.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.test import TestResponse

from tests.privacy.conftest import INES_V2, Story, read_zip
from tests.support.launcher import Launcher, reason
from tests.support.platform import ADMIN_ROLES, LEARNER_ROLES, LTI

MESSAGE_TYPES = ("LtiDataPrivacyLaunchRequest", "DataPrivacyLaunchRequest")


def _privacy_launch(launcher: Launcher, message_type: str = MESSAGE_TYPES[0],
                    **overrides: Any) -> TestResponse:  # fmt: skip
    """What a platform's "manage my data" link sends: no course, no link."""
    login = launcher.login()
    claims = launcher.platform.claims(login.nonce, **{
        LTI + "message_type": message_type, LTI + "context": None,
        LTI + "resource_link": None, LTI + "roles": LEARNER_ROLES,
        LTI + "for_user": {"user_id": "4", "roles": LEARNER_ROLES},
        LTI + "launch_presentation": {"locale": "en-GB"},
        **overrides,
    })  # fmt: skip
    return launcher.post(launcher.platform.sign(claims), login.state)


def _landing(launcher: Launcher, response: TestResponse) -> TestResponse:
    assert response.status_code == 303, response.text[:2000]
    assert urlsplit(response.location).path == "/mydata/privacy"
    return launcher.client.get(response.location)


@pytest.mark.parametrize("message_type", MESSAGE_TYPES)
def test_the_person_opens_their_data_page_and_downloads_it(
    story: Story, launcher: Launcher, message_type: str
) -> None:
    page = _landing(launcher, _privacy_launch(launcher, message_type, sub="4"))
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert '<html lang="en">' in page.text
    assert "Download my data (zip)" in page.text
    link = urlsplit(page.text.split('href="')[-1].split('"')[0].replace("&amp;", "&"))
    assert link.path == "/mydata/privacy/archive.zip"
    download = launcher.client.get(link.path, query_string=parse_qs(link.query))
    assert download.status_code == 200
    entries = read_zip(download.data)
    download.close()
    assert INES_V2 in b"".join(entries.values())
    assert "My data in Cartable" in entries["index.html"].decode()


def test_an_lms_administrator_may_open_someone_elses(
    story: Story, launcher: Launcher
) -> None:
    page = _landing(launcher, _privacy_launch(
        launcher, sub="admin", **{LTI + "roles": ADMIN_ROLES}))  # fmt: skip
    assert page.status_code == 200
    assert "another person" in page.text


def test_a_learner_may_not_open_someone_elses(story: Story, launcher: Launcher) -> None:
    response = _privacy_launch(launcher, sub="5")
    assert (response.status_code, reason(response)) == (403, "privacy-not-yours")


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({LTI + "for_user": None}, id="no-for-user"),
        pytest.param({LTI + "for_user": {"user_id": ""}}, id="empty-user-id"),
        pytest.param({LTI + "for_user": {"user_id": True}}, id="boolean-user-id"),
        pytest.param({LTI + "context": {"id": "2"}}, id="with-a-course"),
    ],
)
def test_a_malformed_request_is_refused(
    launcher: Launcher, overrides: dict[str, Any]
) -> None:
    response = _privacy_launch(launcher, sub="4", **overrides)
    assert (response.status_code, reason(response)) == (400, "privacy-invalid")


def test_someone_cartable_never_saw_gets_a_plain_answer(launcher: Launcher) -> None:
    overrides = {LTI + "for_user": {"user_id": "77"},
                 LTI + "launch_presentation": {"locale": "fr"}}  # fmt: skip
    page = _landing(launcher, _privacy_launch(launcher, sub="77", **overrides))
    assert page.status_code == 200
    assert "aucune donnée" in page.text
    ticket = parse_qs(urlsplit(page.request.url).query)["ticket"][0]
    missing = launcher.client.get("/mydata/privacy/archive.zip",
                                  query_string={"ticket": ticket})  # fmt: skip
    assert missing.status_code == 404


@pytest.mark.parametrize("ticket", ["", "nope", "x" * 300])
def test_a_page_without_a_live_ticket_says_to_relaunch(
    launcher: Launcher, ticket: str
) -> None:
    for url in ("/mydata/privacy", "/mydata/privacy/archive.zip"):
        response = launcher.client.get(url, query_string={"ticket": ticket})
        assert (response.status_code, reason(response)) == (401, "session-expired")
