"""Reading marks, suggestions, module progress and drafts: exported, then erased."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from lti_app.course.privacy import erase_identity, export_identity
from lti_app.extensions import db
from lti_app.modules.models import Module, ModuleDraft, ModuleProgress
from lti_app.privacy import PrivacyPart, register_privacy_part
from lti_app.references.models import ReadingMark, Reference, Suggestion
from tests.privacy.conftest import ISSUER, Story, cli_export, data_of, launch
from tests.support.launcher import Launcher


def _reading(story: Story) -> None:
    her = story.user_id("4")
    with story.app.app_context():
        module = Module(course_id=story.course_id, title="Module lu", slug="lu",
                        status="published")  # fmt: skip
        reference = Reference(course_id=story.course_id, key="k", key_folded="k",
                              entry_type="book", bibtex="@book{k,}", meaning={},
                              csl={}, title="Un livre marqué")  # fmt: skip
        db.session.add_all([module, reference])
        db.session.flush()
        db.session.add_all([
            ModuleProgress(course_id=story.course_id, module_id=module.id, user_id=her),
            ReadingMark(course_id=story.course_id, user_id=her,
                        reference_id=reference.id, status="read"),
            Suggestion(course_id=story.course_id, author_id=her, kind="request",
                       text="Des lectures sur la coordination ?"),
            Suggestion(course_id=story.course_id, author_id=story.user_id("5"),
                       kind="request", text="La demande de Lucas."),
            ModuleDraft(course_id=story.course_id, author_id=story.user_id("3"),
                        slot="new", title="Brouillon de l'enseignante"),
        ])  # fmt: skip
        db.session.commit()


def test_readings_progress_and_suggestions_are_hers_then_gone(
    story: Story, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _reading(story)
    parts = data_of(cli_export(runner, tmp_path, "4"))["parts"]
    assert [m["reference"] for m in parts["references"]["reading_marks"]] == [
        "Un livre marqué"]  # fmt: skip
    assert [s["text"] for s in parts["references"]["suggestions"]] == [
        "Des lectures sur la coordination ?"]  # fmt: skip
    assert [p["module"] for p in parts["modules"]["reading_progress"]] == ["Module lu"]
    assert parts["modules"]["drafts"] == []
    staff = data_of(cli_export(runner, tmp_path, "3"))["parts"]
    assert [d["title"] for d in staff["modules"]["drafts"]] == [
        "Brouillon de l'enseignante"]  # fmt: skip
    result = runner.invoke(args=["privacy", "erase", "--issuer", ISSUER,
                                 "--user", "4", "--yes"])  # fmt: skip
    assert "references.reading_marks: 1" in result.output
    assert "references.reference_suggestions: 1" in result.output
    assert "modules.module_progress: 1" in result.output
    with story.app.app_context():
        texts = db.session.scalars(db.select(Suggestion.text)).all()
        assert texts == ["La demande de Lucas."]
        assert db.session.scalars(db.select(ReadingMark)).all() == []


def test_a_part_is_registered_once(app: Flask) -> None:
    again = PrivacyPart("identity", "x", export_identity, erase_identity)
    with pytest.raises(ValueError, match="already registered"):
        register_privacy_part(app, again)


def test_erasing_a_teacher_keeps_the_course_and_its_record(
    story: Story, runner: FlaskCliRunner, launcher: Launcher
) -> None:
    """Answers and grades they gave stay, as given by "Personne effacée"."""
    result = runner.invoke(args=["privacy", "erase", "--issuer", ISSUER,
                                 "--user", "3", "--yes"])  # fmt: skip
    assert result.exit_code == 0, result.output
    thread = story.people["4"].get(f"/questions/{story.ids['anonymous']}")
    assert thread.status_code == 200
    assert "enseignante." in thread.text  # her answer stays
    assert "Mathilde" not in thread.text
    assert "Personne effacée" in thread.text
    grades = story.people["4"].get(f"/submissions/{story.ids['graded']}/grade")
    assert grades.status_code == 200
    assert "15 / 20" in grades.text
    new_staff = launch(story.app, launcher, "3")  # she comes back: a new person
    journal = new_staff.get("/journal/")
    assert "Notes publiées" in journal.text  # the record survived her erasure
    assert "Personne effacée" in journal.text
