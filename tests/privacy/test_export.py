"""A person's export holds all they did, and of others only what their pages show."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner

from lti_app import audit
from lti_app.extensions import db
from tests.privacy.conftest import (
    INES_V1,
    INES_V2,
    LUCAS_FILE,
    Story,
    cli_export,
    data_of,
    email_of,
    read_zip,
)


def _everything(entries: dict[str, bytes]) -> str:
    """Every entry as text, so that one search covers the whole archive."""
    return "\n".join(data.decode("utf-8", "replace") for data in entries.values())


def test_export_holds_the_students_questions_comments_versions_and_released_grade(
    story: Story, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    entries = cli_export(runner, tmp_path, "4")
    parts = data_of(entries)["parts"]
    assert parts["identity"]["identity"]["email"] == email_of("4")
    assert parts["identity"]["courses"][0]["role"] == "student"
    threads = {t["question_id"]: t for t in parts["questions"]["threads"]}
    mine = threads[story.ids["anonymous"]]
    assert mine["body"] == "Texte de la question anonyme."
    assert mine["anonymous_to_class"] is True
    assert mine["asked_by"] == "Vous"
    assert [a["text"] for a in mine["answers"]] == ["Réponse de l'enseignante."]
    assert [c["by"] for c in mine["comments"]] == ["Lucas Bernard"]
    theirs = threads[story.ids["lucas"]]
    assert theirs["asked_by"] == "Lucas Bernard"  # named to the class
    assert theirs["body"] is None  # Lucas's text is his
    by = {c["text"]: c["by"] for c in theirs["comments"]}
    assert by["Commentaire de la première chez Lucas."] == "Vous"
    assert by["Commentaire anonyme d'une camarade."].startswith("Étudiant·e ")
    assert story.ids["private"] not in threads
    (graded,) = [a for a in parts["submissions"]["assignments"]
                 if a["assignment_id"] == story.ids["graded"]]  # fmt: skip
    assert [v["version"] for v in graded["versions"]] == [1, 2]
    assert graded["grade"]["score"] == 15
    assert graded["grade"]["feedback"] == "Retour publié pour la première."
    (pending,) = [a for a in parts["submissions"]["assignments"]
                  if a["assignment_id"] == story.ids["pending"]]  # fmt: skip
    assert pending["grade"] is None  # not released: not shown to her, not exported
    files = [name for name in entries if name.startswith("files/")]
    contents = [entries[name] for name in files]
    assert any(INES_V1 in c for c in contents)
    assert any(INES_V2 in c for c in contents)
    receipts = [m for m in parts["emails"] if "Texte" not in (m["text"] or "")]
    assert receipts, "the drop-off receipts sent to her are part of her data"
    index = entries["index.html"].decode()
    assert '<html lang="fr">' in index
    assert (
        "Question anonyme sur le partenariat" in index
        or "Question anonyme sur le partenariat" in index
    )


def test_export_shows_nothing_of_classmates_beyond_her_own_pages(
    story: Story, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    text = _everything(cli_export(runner, tmp_path, "4"))
    for hidden in ("Chloé", "Lefèvre", email_of("5"), email_of("6"),
                   "Question privée de Chloé", "Texte privé de Chloé",
                   "Texte de Lucas.", "Retour publié pour Lucas.",
                   "Retour pas encore publié."):  # fmt: skip
        assert hidden not in text, hidden
    assert LUCAS_FILE.decode() not in text


def test_export_in_english_when_asked(
    story: Story, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    entries = cli_export(runner, tmp_path, "4", "--locale", "en")
    index = entries["index.html"].decode()
    assert '<html lang="en">' in index
    assert "My data in Cartable" in index
    assert "<dt>Asked by</dt>" in index  # fields named for people, in English
    threads = data_of(entries)["parts"]["questions"]["threads"]
    assert any(t["asked_by"] == "You" for t in threads)


def test_mes_donnees_page_and_download_from_the_course_menu(story: Story) -> None:
    student = story.people["4"]
    home = student.get("/course/")
    assert "/mydata/" in home.text
    page = student.get("/mydata/")
    assert page.status_code == 200
    assert "Télécharger mes données" in page.text
    download = student.get("/mydata/archive.zip")
    assert download.status_code == 200
    assert download.mimetype == "application/zip"
    entries = read_zip(download.data)
    download.close()  # as a WSGI server does: the spooled archive is released
    assert INES_V2 in b"".join(entries.values())
    assert "Chloé" not in _everything(entries)
    with story.app.app_context():
        entry = db.session.query(audit.AuditEntry).filter_by(
            action="privacy.exported").one()  # fmt: skip
        assert (entry.actor_role, entry.subject_user_id) == (
            "student",
            story.user_id("4"),
        )


def test_export_of_someone_unknown_is_a_clear_error(runner: FlaskCliRunner,
                                                    tmp_path: Path) -> None:  # fmt: skip
    result = runner.invoke(args=["privacy", "export", "--issuer", "https://x.test",
                                 "--user", "99", str(tmp_path / "a.zip")])  # fmt: skip
    assert result.exit_code == 1
    assert "holds nothing" in result.output
    assert not (tmp_path / "a.zip").exists()


def test_data_json_is_plain_json(story: Story, runner: FlaskCliRunner,
                                 tmp_path: Path) -> None:  # fmt: skip
    entries = cli_export(runner, tmp_path, "5")
    document = json.loads(entries["data.json"])
    assert set(document["parts"]) == {"identity", "questions", "references", "modules",
                                      "submissions", "gradebook", "emails"}  # fmt: skip
