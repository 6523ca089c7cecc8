"""After ``privacy erase``, nothing names the person; the course keeps working."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from lti_app import audit
from lti_app.extensions import db
from lti_app.outbox.models import OutboxMessage
from lti_app.storage import get_storage
from lti_app.submissions.grade_models import Grade
from lti_app.submissions.models import Submission, SubmissionFile, SubmissionVersion
from tests.privacy.conftest import ISSUER, Story, cli_export, email_of, launch
from tests.support.launcher import Launcher

NAMES = ("Inès", "Moreau", email_of("4"))
pytestmark = pytest.mark.backends


@pytest.fixture(params=["sqlite", "postgresql"])
def app(make_app: Callable[..., Flask], request: pytest.FixtureRequest) -> Flask:
    """The erasure's bulk deletes and cascades, on both databases."""
    return make_app(request.param, CARTABLE_SMTP_HOST="smtp.invalid",
                    CARTABLE_MAIL_SENDER="Cartable <cartable@univ.example>")  # fmt: skip


def _her_files(story: Story) -> list[str]:
    with story.app.app_context():
        return list(
            db.session.scalars(
                db.select(SubmissionFile.storage_key)
                .join(SubmissionVersion)
                .join(Submission)
                .where(Submission.user_id == story.user_id("4"))
            )
        )


def _erase(runner: FlaskCliRunner) -> str:
    result = runner.invoke(
        args=["privacy", "erase", "--issuer", ISSUER, "--user", "4", "--yes"]
    )
    assert result.exit_code == 0, result.output
    return result.output


def _pages(story: Story) -> dict[str, str]:
    """What staff and a classmate open after the erasure; each must still work."""
    staff, classmate = story.people["3"], story.people["5"]
    ids = story.ids
    urls = {
        "staff": [f"/questions/{ids['anonymous']}", f"/questions/{ids['lucas']}",
                  "/questions/inbox", "/questions/class", "/course/members",
                  f"/submissions/{ids['graded']}/grading",
                  f"/submissions/{ids['graded']}/submissions", "/journal/"],
        "classmate": [f"/questions/{ids['anonymous']}", f"/questions/{ids['lucas']}",
                      "/questions/class", "/questions/"],
    }  # fmt: skip
    pages = {}
    for who, browser in (("staff", staff), ("classmate", classmate)):
        for url in urls[who]:
            response = browser.get(url)
            assert response.status_code == 200, (who, url, response.status_code)
            pages[f"{who} {url}"] = response.text
    return pages


def test_erase_leaves_no_page_export_email_file_or_log_naming_her(
    story: Story, runner: FlaskCliRunner, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    files = _her_files(story)
    assert len(files) == 2
    before = _pages(story)  # the same pages named her: the checks below can fail
    assert "Inès Moreau" in before[f"staff /submissions/{story.ids['graded']}/grading"]
    assert "Inès Moreau" in before[f"staff /questions/{story.ids['anonymous']}"]
    with story.app.app_context():
        payloads = [
            str(m.payload) for m in db.session.scalars(db.select(OutboxMessage))
        ]
        assert any(email_of("4") in p for p in payloads)
        assert any("Inès Moreau" in p for p in payloads)  # a notice to staff
    caplog.set_level(logging.DEBUG)
    output = _erase(runner)
    assert "submissions.files: 2" in output
    assert "questions.threads: 1" in output  # the one nobody answered
    assert "pseudonymised:" in output
    pages = _pages(story)
    for where, text in pages.items():
        for name in NAMES:
            assert name not in text, (where, name)
    assert (
        "Personne effacée" in pages[f"staff /submissions/{story.ids['graded']}/grading"]
    )
    assert (
        "Commentaire de la première chez Lucas." not in pages["staff /course/members"]
    )
    assert story.people["3"].get(f"/questions/{story.ids['lonely']}").status_code == 404
    for sub in ("3", "5"):
        exported = "\n".join(v.decode("utf-8", "replace")
                             for v in cli_export(runner, tmp_path, sub).values())  # fmt: skip
        for name in NAMES:
            assert name not in exported, (sub, name)
    with story.app.app_context():
        storage = get_storage()
        assert not any(storage.exists(key) for key in files)
        for message in db.session.scalars(db.select(OutboxMessage)):
            for name in NAMES:
                assert name not in str(message.payload), name
    for record in caplog.records:
        for name in NAMES:
            assert name not in record.getMessage(), name


def test_erase_keeps_what_the_course_needs_pseudonymised(
    story: Story, runner: FlaskCliRunner
) -> None:
    her = story.user_id("4")
    _erase(runner)
    with story.app.app_context():
        grades = db.session.scalars(db.select(Grade).where(Grade.user_id == her)).all()
        assert [(g.score, g.feedback) for g in grades] == [(15, "")]  # released only
        assert db.session.scalars(
            db.select(Submission).where(Submission.user_id == her)).all() == []  # fmt: skip
        entries = db.session.scalars(db.select(audit.AuditEntry).filter_by(
            action="privacy.erased")).all()  # fmt: skip
        assert [e.actor_role for e in entries] == [audit.OPERATOR]
        assert entries[0].details["removed.submissions.submissions"] == 1
        assert entries[0].subject_user_id == her
    # Her thread answered by others stays, anonymous to the class.
    thread = story.people["5"].get(f"/questions/{story.ids['anonymous']}").text
    assert "Texte de la question anonyme." in thread or "Texte de la question" in thread
    assert "Étudiant·e A" in thread


def test_her_session_ends_and_a_new_launch_starts_afresh(
    story: Story, runner: FlaskCliRunner, launcher: Launcher
) -> None:
    old = story.user_id("4")
    _erase(runner)
    assert story.people["4"].get("/course/").status_code == 401
    again = launch(story.app, launcher, "4")  # the same facts as her first launch
    assert again.get("/mydata/").status_code == 200
    assert story.user_id("4") != old
    assert "Question anonyme" not in again.get("/questions/").text


def test_erase_of_someone_unknown_changes_nothing(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["privacy", "erase", "--issuer", ISSUER,
                                 "--user", "404", "--yes"])  # fmt: skip
    assert result.exit_code == 1
    assert "holds nothing" in result.output
