"""A course story for privacy tests: questions, threads, two versions, grades, e-mail.

Everything happens through real launches (signed id_tokens) and the pages a
browser posts to; each person has their own name and e-mail address, so that
what names whom can be searched for.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from lti_app.extensions import db
from tests.questions.conftest import ask_as
from tests.references.conftest import Browser, course_id_of
from tests.submissions.conftest import upload
from tests.submissions.files import pdf
from tests.submissions.grading_support import new_assignment  # noqa: F401 - fixture
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI

ISSUER = "https://moodle.example.test"
PEOPLE = {
    "3": ("Mathilde", "Garnier", INSTRUCTOR_ROLES),
    "4": ("Inès", "Moreau", LEARNER_ROLES),
    "5": ("Lucas", "Bernard", LEARNER_ROLES),
    "6": ("Chloé", "Lefèvre", LEARNER_ROLES),
}
# Bytes only Inès's files hold (a PDF comment): found in an archive, or not.
INES_V1, INES_V2, LUCAS_FILE = b"%INES-VERSION-ONE", b"%INES-VERSION-TWO", b"%LUCAS"


def email_of(sub: str) -> str:
    given, family, _roles = PEOPLE[sub]
    return f"{given.lower()}.{family.lower()}@etu.example.test"


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """E-mail configured (nothing is delivered: no worker runs), so notices queue."""
    return make_app(CARTABLE_SMTP_HOST="smtp.invalid",
                    CARTABLE_MAIL_SENDER="Cartable <cartable@univ.example>")  # fmt: skip


def launch(app: Flask, launcher: Launcher, sub: str, context_id: str = "2") -> Browser:
    """A real launch of one of PEOPLE, with their name and address."""
    given, family, roles = PEOPLE[sub]
    context = {"id": context_id, "title": f"Cours {context_id}",
               "type": ["CourseSection"]}  # fmt: skip
    ltik = launcher.launch_token(
        sub=sub, name=f"{given} {family}", given_name=given, family_name=family,
        email=email_of(sub), **{LTI + "roles": roles, LTI + "context": context},
    )  # fmt: skip
    return Browser(app, app.test_client(use_cookies=False), ltik)


@dataclass
class Story:
    """What happened in course "2", and who did it."""

    app: Flask
    people: dict[str, Browser]
    course_id: int
    ids: dict[str, int] = field(default_factory=dict)

    def user_id(self, sub: str) -> int:
        from lti_app.course.models import User

        with self.app.app_context():
            return int(db.session.query(User).filter_by(sub=sub).one().id)

    def membership_id(self, sub: str) -> int:
        from lti_app.course.models import Membership

        with self.app.app_context():
            row = db.session.query(Membership).filter_by(
                user_id=self.user_id(sub), course_id=self.course_id).one()  # fmt: skip
            return int(row.id)


def _posted(response: Any) -> None:
    assert response.status_code in {200, 303}, response.text[:2000]


def _questions(story: Story) -> None:
    p = story.people
    story.ids["anonymous"] = ask_as(
        p["4"], "Question anonyme sur le partenariat", "Texte de la question anonyme.",
        visibility="class", anonymous="y")  # fmt: skip
    story.ids["lucas"] = ask_as(p["5"], "Question de Lucas", "Texte de Lucas.",
                                visibility="class")  # fmt: skip
    _posted(p["4"].post(f"/questions/{story.ids['lucas']}/comments",
                        {"body": "Commentaire de la première chez Lucas."}))  # fmt: skip
    _posted(
        p["6"].post(
            f"/questions/{story.ids['lucas']}/comments",
            {"body": "Commentaire anonyme d'une camarade.", "anonymous": "y"},
        )
    )
    story.ids["private"] = ask_as(p["6"], "Question privée de Chloé",
                                  "Texte privé de Chloé.")  # fmt: skip
    _posted(p["3"].post(f"/questions/{story.ids['anonymous']}/answers",
                        {"body": "Réponse de l'enseignante."}))  # fmt: skip
    _posted(p["5"].post(f"/questions/{story.ids['anonymous']}/comments",
                        {"body": "Lucas répond à la question anonyme."}))  # fmt: skip
    story.ids["lonely"] = ask_as(p["4"], "Question restée seule",
                                 "Personne n'y a répondu.")  # fmt: skip


def _grade(story: Story, assignment: int, sub: str, score: str, text: str) -> None:
    saved = story.people["3"].post(
        f"/submissions/{assignment}/grading/{story.membership_id(sub)}",
        {"score": score, "feedback": text}, content_type="multipart/form-data")  # fmt: skip
    assert saved.status_code == 303, saved.text[:2000]


def _work(story: Story, make: Callable[..., int]) -> None:
    p = story.people
    graded = make(story.course_id, title="Devoir publié")
    pending = make(story.course_id, title="Devoir en attente")
    story.ids.update(graded=graded, pending=pending)
    for content in (INES_V1, INES_V2):
        _posted(upload(p["4"], graded, ("version.pdf", pdf() + content)))
    _posted(upload(p["5"], graded, ("lucas.pdf", pdf() + LUCAS_FILE)))
    _grade(story, graded, "4", "15", "Retour publié pour la première.")
    _grade(story, graded, "5", "11", "Retour publié pour Lucas.")
    released = p["3"].post(f"/submissions/{graded}/grading/release")
    assert released.status_code == 303, released.text[:2000]
    _grade(story, pending, "4", "9", "Retour pas encore publié.")


@pytest.fixture
def story(app: Flask, launcher: Launcher, new_assignment: Callable[..., int]) -> Story:  # noqa: F811 - fixture
    """Inès (4) asked anonymously, commented in Lucas's thread, sent two versions
    and got a released grade (and one still waiting); classmates did their part."""
    people = {sub: launch(app, launcher, sub) for sub in PEOPLE}
    result = Story(app, people, course_id_of(app, "2"))
    _questions(result)
    _work(result, new_assignment)
    return result


def read_zip(data: bytes) -> dict[str, bytes]:
    """Every entry of an archive, by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def cli_export(runner: FlaskCliRunner, tmp_path: Any, sub: str,
               *extra: str) -> dict[str, bytes]:  # fmt: skip
    """``privacy export`` of one person; the archive's entries."""
    path = tmp_path / f"export-{sub}-{len(list(tmp_path.iterdir()))}.zip"
    result = runner.invoke(args=["privacy", "export", "--issuer", ISSUER,
                                 "--user", sub, *extra, str(path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return read_zip(path.read_bytes())


def data_of(entries: dict[str, bytes]) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(entries["data.json"])
    return parsed
