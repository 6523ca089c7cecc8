"""Editor drafts: saved as the person types, offered back, cleared by a save."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import TestResponse

from tests.lti.test_session import _expired
from tests.modules.conftest import Browser, MakeModule, module_id


def _json(browser: Browser, url: str, payload: Any, *, token: str | None = None,
          header: bool = True) -> TestResponse:  # fmt: skip
    headers = {"Accept": "application/json"}
    if header:
        headers["Authorization"] = f"Bearer {token or browser.ltik}"
    return browser.client.post(url, json=payload, headers=headers)


def test_draft_is_offered_then_restored(
    staff: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Cours", "Texte enregistré.")
    saved = _json(
        staff, f"/modules/{mid}/draft", {"title": "Cours", "body": "Brouillon"}
    )
    assert saved.status_code == 200
    assert "saved_at" in saved.json
    page = staff.get(f"/modules/{mid}/edit").text
    assert "Restaurer le brouillon" in page
    assert "Texte enregistré." in page  # nothing replaced without asking
    restored = staff.get(f"/modules/{mid}/edit?draft=restore").text
    assert "Brouillon</textarea>" in restored
    assert "Restaurer le brouillon" not in restored


def test_saving_the_module_clears_the_draft(
    staff: Browser, make_module: MakeModule
) -> None:
    mid = make_module("Cours", "Texte.")
    _json(staff, f"/modules/{mid}/draft", {"title": "Cours", "body": "Brouillon"})
    staff.post(f"/modules/{mid}/edit", {"title": "Cours", "body": "Neuf",
                                          "base_revision": "1"})  # fmt: skip
    assert "Restaurer le brouillon" not in staff.get(f"/modules/{mid}/edit").text


def test_new_module_draft(staff: Browser) -> None:
    saved = _json(staff, "/modules/drafts/new", {"title": "T", "body": "B"})
    assert saved.status_code == 200
    assert "Restaurer le brouillon" in staff.get("/modules/new").text
    module_id(staff.post("/modules/new", {"title": "T", "body": "B"}))
    assert "Restaurer le brouillon" not in staff.get("/modules/new").text


def test_expired_token_is_401_json(staff: Browser, make_module: MakeModule) -> None:
    mid = make_module()
    response = _json(staff, f"/modules/{mid}/draft", {"body": "x"},
                     token=_expired(staff.ltik))  # fmt: skip
    assert response.status_code == 401
    assert response.json["error"] == "session-expired"


def test_a_token_outside_the_header_is_refused(staff: Browser) -> None:
    """The endpoint has no CSRF check: a cookie or form token must not drive it."""
    response = staff.client.post(
        f"/modules/drafts/new?ltik={staff.ltik}", json={"body": "x"},
        headers={"Accept": "application/json"},
    )  # fmt: skip
    assert response.status_code == 401


@pytest.mark.parametrize("payload", [[1], {"body": 3}, {"body": "x" * 300_000}, "x"])
def test_bad_payloads_are_400(staff: Browser, payload: Any) -> None:
    assert _json(staff, "/modules/drafts/new", payload).status_code == 400


def test_students_cannot_save_drafts(student: Browser, make_module: MakeModule) -> None:
    mid = make_module()
    assert _json(student, f"/modules/{mid}/draft", {"body": "x"}).status_code == 403
    assert _json(student, "/modules/preview", {"body": "x"}).status_code == 403


def test_another_courses_module_is_404(person: Any, make_module: MakeModule) -> None:
    mid = make_module()
    other = person("3", ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
                   context_id="9")  # fmt: skip
    assert _json(other, f"/modules/{mid}/draft", {"body": "x"}).status_code == 404


def test_live_preview_is_sanitised(staff: Browser) -> None:
    response = _json(staff, "/modules/preview",
                     {"body": "# Titre\n\n<script>alert(1)</script>"})  # fmt: skip
    assert response.status_code == 200
    assert 'id="h-titre"' in response.text
    assert "<script" not in response.text
