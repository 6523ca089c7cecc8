"""The audit trail: one entry per action that matters, with the actor's role;
append-only; staff read their course's record, students cannot."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import update

from lti_app import audit
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.modules.models import Module
from lti_app.references.models import Reference
from tests.privacy.conftest import ISSUER, Story
from tests.references.conftest import TINY_BIB, pending_id


def _actions(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(audit.AuditEntry).order_by(audit.AuditEntry.id)
        )
        return [(row.action, row.actor_role) for row in rows]


def _ok(response: object) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status in {200, 303}, response.text[:1500]  # type: ignore[attr-defined]


def _content_actions(story: Story) -> None:
    """Modules, references, imports and the FAQ, through their pages."""
    staff = story.people["3"]
    with story.app.app_context():
        module = Module(
            course_id=story.course_id, title="M", slug="m", status="published"
        )
        db.session.add(module)
        db.session.commit()
        module_id = module.id
    _ok(staff.post(f"/modules/{module_id}/delete"))
    _ok(staff.post(f"/modules/{module_id}/restore"))
    pid = pending_id(staff.post("/references/add/paste", {"text": TINY_BIB.decode()}))
    _ok(staff.post(f"/references/imports/{pid}", {"decision": "confirm"}))
    with story.app.app_context():
        reference_id = db.session.scalars(db.select(Reference.id)).one()
    _ok(staff.post(f"/references/{reference_id}/delete"))
    _ok(staff.post(f"/references/{reference_id}/undelete"))
    _ok(staff.post(f"/questions/{story.ids['lucas']}/faq",
                   {"title": "Partenariat", "body": "Sur le partenariat."}))  # fmt: skip


def _grading_actions(story: Story) -> None:
    staff, aid = story.people["3"], story.ids["graded"]
    due = (utcnow() + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")
    _ok(staff.post(f"/submissions/{aid}/extensions",
                   {"user_id": str(story.user_id("6")), "due_at": due}))  # fmt: skip
    assert staff.get(f"/submissions/{aid}/grading/grades.csv").status_code == 200
    archive = staff.get(f"/submissions/{aid}/grading/archive.zip")
    assert archive.status_code == 200
    archive.close()


def test_each_listed_action_leaves_an_entry_with_the_actors_role(
    story: Story, runner: FlaskCliRunner, tmp_path: object
) -> None:
    _content_actions(story)
    _grading_actions(story)
    path = f"{tmp_path}/export.zip"
    for args in (["export", "--issuer", ISSUER, "--user", "5", path],
                 ["erase", "--issuer", ISSUER, "--user", "5", "--yes"]):  # fmt: skip
        result = runner.invoke(args=["privacy", *args])
        assert result.exit_code == 0, result.output
    found = set(_actions(story.app))
    staff_actions = ["grade.saved", "grade.released", "extension.granted",
                     "module.deleted", "module.restored", "reference.deleted",
                     "reference.restored", "faq.published", "import.confirmed",
                     "submissions.exported", "submissions.downloaded"]  # fmt: skip
    for action in staff_actions:
        assert (action, "instructor") in found, action
    for action in ("privacy.exported", "privacy.erased", "submission.deleted"):
        assert (action, audit.OPERATOR) in found, action
    # grade.resent needs the LMS double: tests/submissions/test_grading_lms.py.


def test_staff_read_the_course_record_and_a_student_cannot(story: Story) -> None:
    staff, student = story.people["3"], story.people["4"]
    assert student.get("/journal/").status_code == 403
    page = staff.get("/journal/")
    assert page.status_code == 200
    assert "Notes publiées" in page.text
    assert "Mathilde Garnier" in page.text  # who released
    assert "enseignant·e" in page.text
    assert "/journal/" not in student.get("/course/").text  # not in a student's menu
    assert "/journal/" in staff.get("/course/").text


def test_the_record_pages_and_filters(story: Story) -> None:
    staff = story.people["3"]
    with story.app.app_context():
        for _ in range(audit.PAGE_SIZE + 5):
            audit.record("module.deleted", actor_role="assistant",
                         course_id=story.course_id, target=("module", 1))  # fmt: skip
    first = staff.get("/journal/?role=assistant")
    assert first.text.count("Module supprimé (module #1)") == audit.PAGE_SIZE
    assert "Page suivante" in first.text
    second = staff.get("/journal/?role=assistant&page=2")
    assert second.text.count("Module supprimé (module #1)") == 5
    graded = staff.get("/journal/?action=grade.saved")
    assert "Note enregistrée" in graded.text
    assert "Module supprimé (" not in graded.text
    for bad in ("action=nope", "role=admin", "page=0", "page=x"):
        assert staff.get(f"/journal/?{bad}").status_code == 400, bad


def test_entries_are_append_only(app: Flask) -> None:
    with app.app_context():
        entry = audit.record("faq.published", actor_role="instructor", course_id=1)
        entry.action = "grade.saved"
        with pytest.raises(audit.AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(audit.AppendOnlyError):
            db.session.execute(update(audit.AuditEntry).values(action="grade.saved"))
        db.session.rollback()
        row = db.session.get(audit.AuditEntry, entry.id)
        db.session.delete(row)
        with pytest.raises(audit.AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(audit.AuditEntry, entry.id).action == "faq.published"
        with pytest.raises(ValueError, match="unknown audit action"):
            audit.record("nothing.happened", actor_role="instructor")


def test_operators_export_the_record_as_csv_and_json_lines(
    app: Flask, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        audit.record("grade.released", actor_role="instructor", course_id=3,
                     actor_id=7, details={"grades": 2})  # fmt: skip
        audit.record("privacy.erased", actor_role=audit.OPERATOR, subject_user_id=9)
    lines = runner.invoke(args=["audit", "export"]).stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["action"] for r in rows] == ["grade.released", "privacy.erased"]
    assert rows[0]["details"] == {"grades": 2}
    result = runner.invoke(args=["audit", "export", "--format", "csv"])
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["action"], r["actor_role"]) for r in table] == [
        ("grade.released", "instructor"), ("privacy.erased", "operator")]  # fmt: skip
