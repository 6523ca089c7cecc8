"""The NRPS client: every page of the roster, with Moodle's short roles."""

from __future__ import annotations

import pytest
from flask import Flask

from lti_app.lti import nrps, registry
from lti_app.lti.service_http import ServiceError
from tests.support.ags_platform import AgsPlatform
from tests.support.platform import Platform as LtiPlatform


def _fetch(app: Flask, platform: LtiPlatform, url: str) -> list[nrps.Member]:
    with app.app_context():
        found = registry.find_platform_exact(platform.issuer, platform.client_id)
        assert found is not None
        return nrps.fetch_members(found, url)


def test_every_page_is_followed_through_link_next(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    for n in range(7, 12):
        ags.add_member(str(n), name=f"Étudiant·e {n}")
    ags.page_size = 3  # 9 members: pages of 3, 3 and 3
    members = _fetch(app, platform, ags.memberships_url)
    assert sorted(int(m.user_id) for m in members) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    calls = [c for c in ags.calls if c.path.endswith("/memberships")]
    assert [c.query.get("from") for c in calls] == [None, "3", "6"]
    assert {c.headers["accept"] for c in calls} == {nrps.MEMBERSHIPS_TYPE}


def test_roles_names_and_status_are_read(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    ags.add_member("8", status="Inactive", name="Ancien Étudiant")
    members = {m.user_id: m for m in _fetch(app, platform, ags.memberships_url)}
    assert members["3"].role == "instructor"
    assert members["4"].role == "student"
    assert (members["4"].given_name, members["4"].family_name) == ("Inès", "Moreau")
    assert members["4"].email == "inès.moreau@etu.example.test"
    assert members["4"].active
    assert not members["8"].active


def test_an_html_answer_is_a_clear_error(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    with pytest.raises(ServiceError) as refused:
        _fetch(app, platform, ags.url + "/mod/lti/services.php/gone")
    assert refused.value.status == 404
    assert "HTML page instead of JSON" in str(refused.value)


def test_claim_without_version_two_gives_no_url() -> None:
    claim = {"context_memberships_url": "https://m.test/m", "service_versions": ["1.0"]}
    assert nrps.memberships_url(claim) is None
    assert nrps.memberships_url({**claim, "service_versions": ["2.0"]})
    assert nrps.memberships_url(None) is None


def test_a_role_filter_is_kept_across_pages(
    app: Flask, platform: LtiPlatform, ags: AgsPlatform
) -> None:
    ags.page_size = 1
    with app.app_context():
        found = registry.find_platform_exact(platform.issuer, platform.client_id)
        assert found is not None
        learners = nrps.fetch_members(found, ags.memberships_url, role="Learner")
    assert sorted(m.user_id for m in learners) == ["4", "5", "6"]
    calls = [c for c in ags.calls if c.path.endswith("/memberships")]
    assert {c.query["role"] for c in calls} == {"Learner"}
