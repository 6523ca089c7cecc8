"""Deep linking on the tool side: the picker, who may use it, what it signs."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from lti_app.course.origin import course_of_key
from lti_app.extensions import db
from lti_app.modules.models import Module
from tests.references.conftest import course_id_of
from tests.support.launcher import Launcher, ltik_of, reason
from tests.support.platform import DEEP_LINKING_SETTINGS, LTI

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_JWT = re.compile(r'name="JWT" value="([^"]+)"')


def _settings(launcher: Launcher, **changes: Any) -> dict[str, Any]:
    login = launcher.login()
    claims = launcher.platform.deep_linking_claims(login.nonce)
    claims[DEEP_LINKING_SETTINGS].update(changes)
    return {"login": login, "claims": claims}


def deep_link(launcher: Launcher, **changes: Any) -> TestResponse:
    """A teacher's deep linking launch; ``changes`` edit the settings claim."""
    prepared = _settings(launcher, **changes)
    token = launcher.platform.sign(prepared["claims"])
    return launcher.post(token, prepared["login"].state)


def picker(client: FlaskClient, ltik: str) -> TestResponse:
    return client.get(f"/lti/deep-link?ltik={ltik}")


def submit(client: FlaskClient, ltik: str, **form: Any) -> TestResponse:
    page = picker(client, ltik)
    csrf = _CSRF.search(page.text)
    assert csrf, page.text
    data = {"ltik": ltik, "csrf_token": csrf.group(1), **form}
    return client.post("/lti/deep-link", data=data)


def response_claims(page: TestResponse) -> dict[str, Any]:
    found = _JWT.search(page.text)
    assert found, page.text
    return dict(jwt.decode(found.group(1), options={"verify_signature": False}))


def test_deep_linking_launch_opens_the_picker(
    launcher: Launcher, client: FlaskClient
) -> None:
    response = deep_link(launcher)
    assert response.status_code == 303, response.text
    assert urlsplit(response.location).path == "/lti/deep-link"
    page = picker(client, ltik_of(response))
    assert page.status_code == 200
    assert "Accueil du cours" in page.text or "Course home" in page.text
    assert 'type="checkbox"' in page.text
    assert 'value="reading"' in page.text


def test_student_deep_linking_is_refused(
    launcher: Launcher, client: FlaskClient
) -> None:
    learner = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
    prepared = _settings(launcher)
    prepared["claims"][LTI + "roles"] = [learner]
    prepared["claims"]["sub"] = "4"
    response = launcher.post(
        launcher.platform.sign(prepared["claims"]), prepared["login"].state
    )
    ltik = ltik_of(response)
    assert picker(client, ltik).status_code == 403
    posted = client.post("/lti/deep-link", data={"ltik": ltik, "target": "course"})
    assert posted.status_code in {400, 403}  # CSRF first, then the role
    assert 'name="JWT"' not in posted.text


def test_single_choice_offers_radios_and_refuses_two_targets(
    launcher: Launcher, client: FlaskClient
) -> None:
    ltik = ltik_of(deep_link(launcher, accept_multiple=False))
    assert 'type="radio"' in picker(client, ltik).text
    response = submit(client, ltik, target=["course", "reading"])
    assert (response.status_code, reason(response)) == (422, "deep-linking-selection")
    assert response_claims(submit(client, ltik, target=["reading"]))


def test_unknown_target_is_refused(launcher: Launcher, client: FlaskClient) -> None:
    ltik = ltik_of(deep_link(launcher))
    response = submit(client, ltik, target=["../admin"])
    assert (response.status_code, reason(response)) == (422, "deep-linking-selection")


def test_no_resource_links_accepted_says_so_and_only_cancels(
    launcher: Launcher, client: FlaskClient
) -> None:
    ltik = ltik_of(deep_link(launcher, accept_types=["file", "html"]))
    page = picker(client, ltik)
    assert page.status_code == 200
    assert 'name="target"' not in page.text
    assert "does not accept activity links" in page.text  # Moodle sent "en"
    refused = submit(client, ltik, target=["course"])
    assert (refused.status_code, reason(refused)) == (422, "deep-linking-selection")
    assert response_claims(submit(client, ltik, cancel="1"))[DL + "content_items"] == []


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"deep_link_return_url": ""}, id="no-return-url"),
        pytest.param({"accept_types": []}, id="no-types"),
        pytest.param({"accept_presentation_document_targets": None}, id="no-targets"),
    ],
)
def test_incomplete_settings_are_invalid_claims(
    launcher: Launcher, changes: dict[str, Any]
) -> None:
    response = deep_link(launcher, **changes)
    assert (response.status_code, reason(response)) == (400, "invalid-claims")


def test_cancel_sends_no_items(launcher: Launcher, client: FlaskClient) -> None:
    ltik = ltik_of(deep_link(launcher))
    claims = response_claims(submit(client, ltik, target=["course"], cancel="1"))
    assert claims[DL + "content_items"] == []


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        pytest.param(["frame", "iframe", "window"], "iframe", id="embedded"),
        pytest.param(["window"], "window", id="window-only"),
    ],
)
def test_items_follow_the_accepted_document_targets(
    launcher: Launcher, client: FlaskClient, targets: list[str], expected: str
) -> None:
    ltik = ltik_of(deep_link(launcher, accept_presentation_document_targets=targets))
    claims = response_claims(submit(client, ltik, target=["course"]))
    (item,) = claims[DL + "content_items"]
    assert expected in item
    assert item["custom"]["cartable_target"] == "course"
    assert item["url"] == "http://localhost/lti/launch"


def test_items_carry_the_signed_key_of_their_course(
    app: Flask, launcher: Launcher, client: FlaskClient
) -> None:
    """A course copied in the LMS keeps ``custom``: the key names the source."""
    ltik = ltik_of(deep_link(launcher))
    claims = response_claims(submit(client, ltik, target=["course", "reading"]))
    keys = {item["custom"]["cartable_course"] for item in claims[DL + "content_items"]}
    assert len(keys) == 1
    with app.app_context():
        assert course_of_key(keys.pop()) == course_id_of(app, "2")


def test_picker_without_a_deep_linking_launch_is_refused(
    launcher: Launcher, client: FlaskClient
) -> None:
    teacher = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
    ltik = launcher.launch_token(**{LTI + "roles": [teacher]})
    response = picker(client, ltik)
    assert (response.status_code, reason(response)) == (400, "not-deep-linking")


def test_picker_post_needs_the_csrf_token(
    launcher: Launcher, client: FlaskClient
) -> None:
    ltik = ltik_of(deep_link(launcher))
    response = client.post("/lti/deep-link", data={"ltik": ltik, "target": "course"})
    assert response.status_code == 400


def test_launch_with_a_target_lands_on_it(launcher: Launcher) -> None:
    response = launcher.launch(**{LTI + "custom": {"cartable_target": "reading"}})
    assert response.status_code == 303, response.text
    assert urlsplit(response.location).path == "/references/reading"


def test_launch_with_an_unknown_target_lands_on_course_home_with_a_notice(
    launcher: Launcher, client: FlaskClient
) -> None:
    response = launcher.launch(**{LTI + "custom": {"cartable_target": "gone"}})
    assert urlsplit(response.location).path == "/lti/target-gone"
    onward = client.get(response.location)
    assert onward.status_code == 303
    assert urlsplit(onward.location).path == "/course/"
    home = client.get(onward.location)
    assert home.status_code == 200
    assert "existe plus" in home.text


def add_module(
    app: Flask, context_id: str, slug: str, *, status: str = "published"
) -> int:
    """A module in the course of that context id, written straight to the database."""
    course = course_id_of(app, context_id)
    with app.app_context():
        module = Module(course_id=course, title=f"Module {slug}", slug=slug,
                        body_markdown=f"# {slug}", status=status)  # fmt: skip
        db.session.add(module)
        db.session.commit()
        return module.id


def module_launch(launcher: Launcher, slug: str, context_id: str = "2") -> TestResponse:
    context = {"id": context_id, "title": f"Cours {context_id}"}
    return launcher.launch(
        **{LTI + "custom": {"cartable_target": f"module:{slug}"},
           LTI + "context": context}
    )  # fmt: skip


def test_picker_lists_the_published_modules_of_the_course(
    app: Flask, launcher: Launcher, client: FlaskClient
) -> None:
    ltik = ltik_of(deep_link(launcher))
    add_module(app, "2", "intro")
    add_module(app, "2", "brouillon", status="draft")
    page = picker(client, ltik)
    assert 'value="module:intro"' in page.text
    assert "Module intro" in page.text
    assert "module:brouillon" not in page.text
    assert 'value="reading"' in page.text  # the static targets stay


def test_module_item_carries_its_slug(
    app: Flask, launcher: Launcher, client: FlaskClient
) -> None:
    ltik = ltik_of(deep_link(launcher))
    add_module(app, "2", "intro")
    claims = response_claims(submit(client, ltik, target=["module:intro"]))
    (item,) = claims[DL + "content_items"]
    assert item["custom"]["cartable_target"] == "module:intro"
    assert item["title"] == "Module intro"


@pytest.mark.parametrize("name", ["module:brouillon", "module:absent", "module:"])
def test_picker_refuses_a_module_it_does_not_offer(
    app: Flask, launcher: Launcher, client: FlaskClient, name: str
) -> None:
    ltik = ltik_of(deep_link(launcher))
    add_module(app, "2", "brouillon", status="draft")
    response = submit(client, ltik, target=[name])
    assert (response.status_code, reason(response)) == (422, "deep-linking-selection")


def test_launch_with_a_module_target_lands_on_the_module(
    app: Flask, launcher: Launcher, client: FlaskClient
) -> None:
    launcher.launch_token()  # the course exists once launched
    mid = add_module(app, "2", "intro")
    response = module_launch(launcher, "intro")
    assert response.status_code == 303, response.text
    assert urlsplit(response.location).path == f"/modules/{mid}"
    page = client.get(response.location)
    assert page.status_code == 200
    assert "Module intro" in page.text


@pytest.mark.parametrize("slug", ["absent", "brouillon"])
def test_launch_with_a_missing_module_says_it_is_gone(
    app: Flask, launcher: Launcher, client: FlaskClient, slug: str
) -> None:
    launcher.launch_token()
    add_module(app, "2", "brouillon", status="draft")  # a student cannot open it
    response = module_launch(launcher, slug)
    assert urlsplit(response.location).path == "/lti/target-gone"
    onward = client.get(response.location)
    assert urlsplit(onward.location).path == "/course/"


def test_module_slug_resolves_only_in_the_launch_course(
    app: Flask, launcher: Launcher
) -> None:
    launcher.launch_token()
    module_launch(launcher, "none", context_id="9")
    here = add_module(app, "2", "intro")
    only_here = add_module(app, "2", "annexe")
    there = add_module(app, "9", "intro")  # a copied course keeps the slug
    assert urlsplit(module_launch(launcher, "intro").location).path == (
        f"/modules/{here}"
    )
    copied = module_launch(launcher, "intro", context_id="9")
    assert urlsplit(copied.location).path == f"/modules/{there}"
    other = module_launch(launcher, "annexe", context_id="9")
    assert urlsplit(other.location).path == "/lti/target-gone"
    assert only_here != there


def test_a_return_url_that_is_not_http_is_refused_at_the_picker(
    launcher: Launcher, client: FlaskClient
) -> None:
    """The JWT is posted only to an http(s) URL, never to ``javascript:`` or a file."""
    ltik = ltik_of(deep_link(launcher, deep_link_return_url="javascript:alert(1)"))
    response = picker(client, ltik)
    assert (response.status_code, reason(response)) == (400, "deep-linking-settings")
