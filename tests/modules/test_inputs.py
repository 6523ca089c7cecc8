"""Bad input gets a 4xx with a message, never a 500 and never a half-saved module."""

from __future__ import annotations

import io

import pytest
from flask import Flask

from tests.modules.conftest import Browser, MakeModule, module_id


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "texte"}, "Le titre est obligatoire."),
        ({"title": "   ", "body": "texte"}, "Le titre est obligatoire."),
        ({"title": "x" * 256, "body": ""}, "Le formulaire contient des erreurs"),
        (
            {"title": "T", "body": "x" * (256 * 1024 + 1)},
            "Le formulaire contient des erreurs",
        ),
        ({"title": "T", "available_from": "demain"}, "Le formulaire contient"),
    ],
)
def test_bad_module_form_is_422(
    staff: Browser, data: dict[str, str], message: str
) -> None:
    response = staff.post("/modules/new", data)
    assert response.status_code == 422
    assert message in response.text
    assert "Aucun module" in staff.get("/modules/").text


def test_bad_edit_keeps_the_module(staff: Browser, make_module: MakeModule) -> None:
    mid = make_module("Garde", "texte gardé")
    response = staff.post(f"/modules/{mid}/edit",
                          {"title": "", "body": "x", "base_revision": "1"})  # fmt: skip
    assert response.status_code == 422
    assert "texte gardé" in staff.get(f"/modules/{mid}").text


def _upload(who: Browser, data: bytes, name: str = "cours.md") -> object:
    return who.post(
        "/modules/import",
        {"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_import_markdown_file(staff: Browser) -> None:
    response = _upload(staff, "\ufeff# Les élu·es\n\nTexte **gras**.\n".encode())
    mid = module_id(response)  # type: ignore[arg-type]
    page = staff.get(f"/modules/{mid}").text
    assert "<strong>gras</strong>" in page
    assert "<title>Les élu·es · Cartable</title>" in page


@pytest.mark.parametrize(
    ("data", "name", "status", "message"),
    [
        ("é".encode("latin-1") * 10, "cours.md", 422, "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\0\0", "cours.md", 422, "UTF-8"),
        (b"# ok", "image.png", 422, "UTF-8"),
        (b"x" * (256 * 1024 + 1), "gros.md", 413, "256 Kio"),
    ],
)
def test_bad_import_is_refused(
    staff: Browser, data: bytes, name: str, status: int, message: str
) -> None:
    response = _upload(staff, data, name)
    assert response.status_code == status  # type: ignore[attr-defined]
    assert message in response.text  # type: ignore[attr-defined]
    assert "Aucun module" in staff.get("/modules/").text


def test_import_without_file_is_400(staff: Browser) -> None:
    assert staff.post("/modules/import", {}).status_code == 400


def test_configured_limit(app: Flask, staff: Browser) -> None:
    app.config["CARTABLE_MODULE_MAX_BYTES"] = 2048
    response = _upload(staff, b"x" * 2049)
    assert response.status_code == 413  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", ["sideways", ""])
def test_bad_move_and_status_change_nothing(
    staff: Browser, make_module: MakeModule, value: str
) -> None:
    mid = make_module("Un", publish=False)
    assert staff.post(f"/modules/{mid}/move", {"direction": value}).status_code == 303
    assert staff.post(f"/modules/{mid}/status", {"status": value}).status_code == 303
    assert "brouillon" in staff.get(f"/modules/{mid}").text
