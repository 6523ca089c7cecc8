"""The messages the development LMS sends are shaped exactly like Moodle 4.5's."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import jwt

from tests.devlms.conftest import LiveDemo
from tests.devlms.driver import LmsBrowser

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MOODLE_CLAIMS = {
    "iss",
    "aud",
    "sub",
    "nonce",
    "iat",
    "exp",
    "name",
    "given_name",
    "family_name",
    "email",
    LTI + "message_type",
    LTI + "version",
    LTI + "deployment_id",
    LTI + "target_link_uri",
    LTI + "roles",
    LTI + "context",
    LTI + "resource_link",
    LTI + "launch_presentation",
    LTI + "lis",
    LTI + "tool_platform",
    LTI + "ext",
    LTI + "custom",
    "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
    "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
}


def test_login_initiation_carries_moodles_six_fields(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    form = browser.login_form(person=4)
    assert form.action == live_demo.tool_url + "/lti/login"
    assert form.method == "post"
    assert form.attrs["id"] == "ltiInitiateLoginForm"
    assert form.fields.keys() == {
        "iss",
        "target_link_uri",
        "login_hint",
        "lti_message_hint",
        "client_id",
        "lti_deployment_id",
    }
    assert form.fields["iss"] == live_demo.lms_url + "/dev/lms" == live_demo.info.issuer
    assert form.fields["target_link_uri"] == live_demo.tool_url + "/lti/launch"
    assert form.fields["login_hint"] == "4"
    assert form.fields["client_id"] == live_demo.info.client_id
    assert form.fields["lti_deployment_id"] == "1"
    assert re.fullmatch(
        r'\{"cmid":1,"launchid":"ltilaunch1_\d+"\}', form.fields["lti_message_hint"]
    )


def _only_key(demo: LiveDemo) -> dict[str, str]:
    response = demo.browser().http.get(demo.info.keyset_url, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    keys: list[dict[str, str]] = response.json()["keys"]
    assert len(keys) == 1
    return keys[0]


def test_id_token_header_and_claims_match_moodle(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    launch = browser.launch(person=4)
    header = jwt.get_unverified_header(launch.id_token)
    assert header.keys() == {"alg", "kid", "typ"}
    assert (header["alg"], header["typ"]) == ("RS256", "JWT")
    jwk = _only_key(live_demo)
    assert jwk["kid"] == header["kid"]
    assert (jwk["kty"], jwk["alg"], jwk["use"]) == ("RSA", "RS256", "sig")
    key = jwt.PyJWK(jwk, algorithm="RS256")
    claims = jwt.decode(
        launch.id_token,
        key,
        algorithms=["RS256"],
        audience=live_demo.info.client_id,
        issuer=live_demo.info.issuer,
    )
    assert claims.keys() == MOODLE_CLAIMS
    assert claims["aud"] == live_demo.info.client_id  # a string, as Moodle sends
    assert claims["sub"] == "4"
    assert claims["exp"] - claims["iat"] == 60
    assert claims["nonce"] == parse_qs(urlsplit(launch.auth_url).query)["nonce"][0]
    assert (claims["name"], claims["given_name"], claims["family_name"]) == (
        "Inès Moreau",
        "Inès",
        "Moreau",
    )
    assert claims["email"] == "imoreau@lms-demo.example.test"
    assert claims[LTI + "message_type"] == "LtiResourceLinkRequest"
    assert claims[LTI + "version"] == "1.3.0"
    assert claims[LTI + "deployment_id"] == "1"
    assert claims[LTI + "target_link_uri"] == live_demo.tool_url + "/lti/launch"
    assert claims[LTI + "context"] == {
        "id": "2",
        "label": "M1-PSAS",
        "title": "Master Politiques sociales — M1",
        "type": ["CourseSection"],
    }
    assert claims[LTI + "resource_link"] == {
        "id": "1",
        "title": "Cartable — Coordination et partenariats",
    }
    assert claims[LTI + "lis"] == {
        "course_section_sourcedid": "M1-PSAS-2025",
        "person_sourcedid": "ETU-0004",
    }
    assert claims[LTI + "ext"] == {"lms": "moodle-2", "user_username": "imoreau"}
    assert claims[LTI + "custom"] == {
        "module": "coordination-partenariats",
        "course_label": "M1-PSAS",
        "user_username": "imoreau",
        "person_sourcedid": "ETU-0004",
    }


def test_launch_presentation_and_platform_claims(
    live_demo: LiveDemo, browser: LmsBrowser
) -> None:
    claims = browser.launch(person=3).claims()
    presentation = claims[LTI + "launch_presentation"]
    assert presentation["document_target"] == "iframe"
    assert presentation["locale"] == "fr"
    assert presentation["return_url"] == (
        f"{live_demo.info.issuer}/return?course=2&launch_container=3&instanceid=1"
    )
    platform = claims[LTI + "tool_platform"]
    assert platform["product_family_code"] == "cartable-devlms"
    assert re.fullmatch(r"[0-9a-f]{32}", platform["guid"])
    assert re.fullmatch(r"\d{10}", platform["version"])
    assert claims[LTI + "lis"]["person_sourcedid"] == "ENS-0003"


def test_service_claims_as_moodle_sends_them(browser: LmsBrowser) -> None:
    claims = browser.launch(person=3).claims()
    ags = claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"]
    assert "lineitem" not in ags  # activity 1 has no gradebook column
    assert ags["lineitems"].endswith("/dev/lms/services/2/lineitems?type_id=1")
    assert len(ags["scope"]) == 4
    roster = claims["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"]
    assert roster["service_versions"] == ["1.0", "2.0"]
    assert not [name for name in claims if "lti-bo" in name]


def test_site_admin_has_an_empty_person_sourcedid(browser: LmsBrowser) -> None:
    claims = browser.launch(person=2).claims()
    assert claims[LTI + "lis"]["person_sourcedid"] == ""
    assert claims[LTI + "custom"]["person_sourcedid"] == ""


def test_token_endpoint_needs_a_client_assertion(live_demo: LiveDemo) -> None:
    response = live_demo.browser().http.post(
        live_demo.info.auth_token_url,
        data={"grant_type": "client_credentials"},
        timeout=10,
    )
    assert response.status_code == 400
    assert json.loads(response.text)["error"] == "invalid_request"


def test_return_page_leads_back_to_the_course(live_demo: LiveDemo) -> None:
    browser = live_demo.browser()
    response = browser.get("/dev/lms/return?course=2&lti_msg=Travail+enregistr%C3%A9")
    assert response.status_code == 200
    assert "Travail enregistré" in response.text
    assert 'href="/dev/lms/#course-2"' in response.text
