"""Every save keeps the previous text; concurrent saves never overwrite silently."""

from __future__ import annotations

from tests.modules.conftest import Browser, MakeModule, Person
from tests.support.platform import INSTRUCTOR_ROLES


def _save(who: Browser, mid: int, body: str, base: int, title: str = "M") -> object:
    return who.post(f"/modules/{mid}/edit",
                    {"title": title, "body": body, "base_revision": str(base),
                     "save": "1"})  # fmt: skip


def test_each_save_keeps_the_previous_text(
    staff: Browser, make_module: MakeModule
) -> None:
    mid = make_module("M", "première version")
    assert _save(staff, mid, "deuxième version", 1).status_code == 303  # type: ignore[attr-defined]
    assert _save(staff, mid, "troisième <b>version</b>", 2).status_code == 303  # type: ignore[attr-defined]
    listing = staff.get(f"/modules/{mid}/revisions").text
    assert "Version actuelle : 3." in listing
    assert f"/modules/{mid}/revisions/1" in listing
    assert f"/modules/{mid}/revisions/2" in listing
    diff = staff.get(f"/modules/{mid}/revisions/1").text
    assert '<span class="diff-remove">-première version</span>' in diff
    assert '<span class="diff-add">+troisième &lt;b&gt;version&lt;/b&gt;</span>' in diff


def test_restore_an_earlier_version(staff: Browser, make_module: MakeModule) -> None:
    mid = make_module("M", "ancien texte")
    _save(staff, mid, "nouveau texte", 1)
    response = staff.post(f"/modules/{mid}/revisions/1/restore")
    assert response.status_code == 303
    page = staff.get(f"/modules/{mid}").text
    assert "ancien texte" in page
    assert "Version 3" in page
    # The text that was replaced by the restore is itself kept.
    assert "nouveau texte" in staff.get(f"/modules/{mid}/revisions/2").text


def test_concurrent_save_is_refused_and_text_given_back(
    staff: Browser, person: Person, make_module: MakeModule
) -> None:
    other = person("5", INSTRUCTOR_ROLES)
    mid = make_module("M", "texte de départ")
    # Both open the editor at revision 1; the other instructor saves first.
    assert _save(other, mid, "texte de l'autre", 1).status_code == 303  # type: ignore[attr-defined]
    response = _save(staff, mid, "mon texte précieux", 1)
    assert response.status_code == 409  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "mon texte précieux" in text
    assert "texte de l&#39;autre" in text
    assert "pendant que vous le modifiiez" in text
    assert 'name="base_revision" type="hidden" value="2"' in text
    assert "texte de l&#39;autre" in staff.get(f"/modules/{mid}/edit").text
    # Saving again after seeing the message is a deliberate choice.
    assert _save(staff, mid, "mon texte précieux", 2).status_code == 303  # type: ignore[attr-defined]


def test_missing_base_revision_is_refused(
    staff: Browser, make_module: MakeModule
) -> None:
    mid = make_module("M", "texte")
    response = staff.post(f"/modules/{mid}/edit", {"title": "M", "body": "x"})
    assert response.status_code == 422
    assert "texte" in staff.get(f"/modules/{mid}/edit").text


def test_unknown_revision_is_404(staff: Browser, make_module: MakeModule) -> None:
    mid = make_module()
    assert staff.get(f"/modules/{mid}/revisions/9").status_code == 404
    assert staff.post(f"/modules/{mid}/revisions/9/restore").status_code == 404


def test_delete_asks_then_bins_and_restores(
    staff: Browser, student: Browser, make_module: MakeModule
) -> None:
    mid = make_module("À jeter")
    assert "Oui, mettre à la corbeille" in staff.get(f"/modules/{mid}/delete").text
    assert staff.post(f"/modules/{mid}/delete").status_code == 303
    assert "À jeter</a>" not in staff.get("/modules/").text
    assert "À jeter</a>" in staff.get("/modules/trash").text
    assert student.get(f"/modules/{mid}").status_code == 404
    assert staff.post(f"/modules/{mid}/restore").status_code == 303
    assert student.get(f"/modules/{mid}").status_code == 200
