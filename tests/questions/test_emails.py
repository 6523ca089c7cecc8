"""E-mail about questions, through a real SMTP server on localhost (aiosmtpd).

People launch for real (signed id_tokens); questions, answers and comments go
through the pages; the outbox is delivered by ``process_due`` or ``flask worker
--once``; what the server received is read back and parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.outbox import service as outbox
from lti_app.outbox.models import PENDING, SENT, OutboxMessage
from lti_app.questions import emails
from lti_app.questions.links import lms_link
from lti_app.questions.models import Question
from tests.questions.conftest import Browser, ask_as
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI
from tests.support.smtp import SmtpServer

RETURN = (
    "https://moodle.example.test/mod/lti/return.php?course=2&launch_container=3"
    "&instanceid=7&sesskey=S3SSKEY"
)
ACTIVITY = "https://moodle.example.test/mod/lti/view.php?l=7"
TEACHER, ASKER, CLASSMATE = (
    "teacher@univ.example",
    "asker@etu.example",
    "mate@etu.example",
)
Join = Callable[..., Browser]
CHECKED = re.compile(r'<input checked[^>]*name="email"')


@pytest.fixture
def mail_settings(smtp_server: SmtpServer) -> dict[str, Any]:
    """The app's SMTP settings (a test parametrizes ``{}`` for none)."""
    return smtp_server.settings()


@pytest.fixture
def backend() -> str:
    """The database (a test parametrizes ``postgresql``)."""
    return "sqlite"


@pytest.fixture
def app(
    make_app: Callable[..., Flask], mail_settings: dict[str, Any], backend: str
) -> Flask:
    return make_app(backend, **mail_settings)


@pytest.fixture
def join(app: Flask, launcher: Launcher) -> Join:
    """``join(sub, email, locale="fr", staff=False, return_url=RETURN)``."""

    def launch(sub: str, email: str, locale: str = "fr", staff: bool = False,
               return_url: str | None = RETURN) -> Browser:  # fmt: skip
        presentation: dict[str, str] = {"document_target": "iframe", "locale": locale}
        if return_url:
            presentation["return_url"] = return_url
        ltik = launcher.launch_token(
            sub=sub, name=f"Personne {sub}", given_name=None, family_name=None,
            email=email,
            **{LTI + "roles": INSTRUCTOR_ROLES if staff else LEARNER_ROLES,
               LTI + "launch_presentation": presentation},
        )  # fmt: skip
        return Browser(app, app.test_client(use_cookies=False), ltik)

    return launch


def deliver(app: Flask) -> int:
    """One pass of the worker, everything due now."""
    with app.app_context():
        return outbox.process_due()


def received(server: SmtpServer, to: str) -> list[EmailMessage]:
    return [m for m in server.messages if m["To"] == to]


def text_of(message: EmailMessage) -> str:
    plain = message.get_body(("plain",))
    assert plain is not None
    return str(plain.get_content())


def html_of(message: EmailMessage) -> str:
    html = message.get_body(("html",))
    assert html is not None
    return str(html.get_content())


def queued(app: Flask) -> list[OutboxMessage]:
    with app.app_context():
        return list(
            db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        )


def answer(staff: Browser, question_id: int, body: str) -> None:
    response = staff.post(f"/questions/{question_id}/answers", {"body": body})
    assert response.status_code == 303, response.text[:2000]


def comment(browser: Browser, question_id: int, body: str, **fields: Any) -> None:
    response = browser.post(f"/questions/{question_id}/comments",
                            {"body": body, **fields})  # fmt: skip
    assert response.status_code == 303, response.text[:2000]


def test_question_and_answer_arrive_in_each_recipients_language(
    app: Flask, join: Join, smtp_server: SmtpServer
) -> None:
    teacher = join("3", TEACHER, locale="en", staff=True)
    student = join("4", ASKER, locale="fr-FR")
    qid = ask_as(student, "Qu'est-ce qu'un chef de file ?", "Je ne **comprends** pas.")
    assert deliver(app) == 1
    (to_teacher,) = received(smtp_server, TEACHER)
    assert to_teacher["Subject"] == "New question: Qu'est-ce qu'un chef de file ?"
    text = text_of(to_teacher)
    assert text.startswith("Hello Personne 3,")
    assert "From: Personne 4" in text  # staff always know who asked
    assert "Je ne **comprends** pas." in text
    assert ACTIVITY in text
    assert "<strong>comprends</strong>" in html_of(to_teacher)
    assert f'href="{ACTIVITY}"' in html_of(to_teacher)

    answer(teacher, qid, "Le chef de file **coordonne**.")
    assert deliver(app) == 1
    (to_student,) = received(smtp_server, ASKER)
    assert to_student["Subject"] == (
        "Réponse à la question : Qu'est-ce qu'un chef de file ?"
    )
    text = text_of(to_student)
    assert text.startswith("Bonjour Personne 4,")
    assert "Le chef de file **coordonne**." in text
    assert "<strong>coordonne</strong>" in html_of(to_student)
    assert 'lang="fr"' in html_of(to_student)
    for message in smtp_server.messages:  # never a token: not the LMS's, not ours
        whole = message.as_string()
        assert "sesskey" not in whole
        assert "S3SSKEY" not in whole
        assert "ltik" not in whole
    assert [m.status for m in queued(app)] == [SENT, SENT]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_outage_then_recovery_delivers_each_message_once(
    app: Flask, join: Join, smtp_server: SmtpServer
) -> None:
    join("3", TEACHER, staff=True)
    student = join("4", ASKER)
    smtp_server.stop()  # connection refused from now on
    for n in range(3):
        ask_as(student, f"Question {n}", "Texte.")
    assert deliver(app) == 3
    rows = queued(app)
    assert [(r.status, r.attempts) for r in rows] == [(PENDING, 1)] * 3
    assert all("unreachable" in (r.last_error or "") for r in rows)
    assert smtp_server.messages == []

    smtp_server.start()
    with app.app_context():  # the backoff has elapsed
        for row in db.session.scalars(select(OutboxMessage)):
            row.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "3 message(s) processed" in result.output
    assert deliver(app) == 0  # nothing is sent twice
    arrived = received(smtp_server, TEACHER)
    assert sorted(m["Subject"] for m in arrived) == [
        f"Nouvelle question : Question {n}" for n in range(3)
    ]
    ids = {m["Message-ID"] for m in arrived}
    assert ids == {r.message_id for r in rows}
    assert [r.status for r in queued(app)] == [SENT] * 3


def test_opt_out_is_respected_and_can_be_undone(
    app: Flask, join: Join, smtp_server: SmtpServer
) -> None:
    teacher = join("3", TEACHER, staff=True)
    student = join("4", ASKER)
    page = student.get("/questions/notifications")
    assert page.status_code == 200
    assert CHECKED.search(page.text)
    off = student.post("/questions/notifications", {})
    assert off.status_code == 303, off.text[:2000]
    page = student.get("/questions/notifications")
    assert "E-mails désactivés." in page.text
    assert not CHECKED.search(page.text)
    qid = ask_as(student, "Une question", "Texte.")
    answer(teacher, qid, "Première réponse.")
    deliver(app)
    assert received(smtp_server, ASKER) == []
    assert len(received(smtp_server, TEACHER)) == 1  # her choice, not his

    assert student.post("/questions/notifications", {"email": "y"}).status_code == 303
    answer(teacher, qid, "Deuxième réponse.")
    deliver(app)
    (back,) = received(smtp_server, ASKER)
    assert "Deuxième réponse." in text_of(back)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_emails_to_other_students_never_reveal_an_anonymous_poster(
    app: Flask, join: Join, smtp_server: SmtpServer
) -> None:
    teacher = join("3", TEACHER, staff=True)
    asker = join("4", ASKER)
    mate = join("5", CLASSMATE)
    qid = ask_as(asker, "Question anonyme", "Texte.", visibility="class",
                 anonymous="y")  # fmt: skip
    comment(mate, qid, "Moi non plus, je ne comprends pas.")
    comment(asker, qid, "Je précise ma question.")
    answer(teacher, qid, "Voici la réponse.")
    comment(mate, qid, "Merci, et une suite anonyme.", anonymous="y")
    deliver(app)

    to_mate = received(smtp_server, CLASSMATE)
    assert len(to_mate) == 2  # the asker's follow-up, the answer
    for message in to_mate:
        whole = text_of(message) + html_of(message) + str(message["Subject"])
        assert "Personne 4" not in whole
        assert ASKER not in whole
    assert "De : Étudiant·e A" in text_of(to_mate[0])
    to_asker = received(smtp_server, ASKER)
    assert len(to_asker) == 3  # two comments by the classmate, the answer
    named, anonymous = to_asker[0], to_asker[-1]
    assert "De : Personne 5" in text_of(named)  # she posted under her name
    assert "Personne 5" not in text_of(anonymous) + html_of(anonymous)
    assert "De : Étudiant·e B" in text_of(anonymous)
    to_teacher = received(smtp_server, TEACHER)
    assert "Personne 4" in text_of(to_teacher[0])  # staff know who asked


@pytest.mark.parametrize("mail_settings", [{}])
def test_without_smtp_nothing_is_queued_and_staff_are_told(
    app: Flask, join: Join
) -> None:
    teacher = join("3", TEACHER, staff=True)
    student = join("4", ASKER)
    qid = ask_as(student, "Une question", "Texte.")
    answer(teacher, qid, "Une réponse.")
    comment(student, qid, "Merci.")
    assert queued(app) == []
    page = teacher.get("/questions/notifications")
    assert "n'est pas configuré" in page.text
    assert "les notifications restent dans l'interface" in page.text
    assert "n'est pas configuré" not in student.get("/questions/notifications").text


def test_staff_page_says_email_is_configured_and_where_links_lead(
    join: Join,
) -> None:
    teacher = join("3", TEACHER, staff=True)
    page = teacher.get("/questions/notifications")
    assert "L'envoi d'e-mails est configuré" in page.text
    assert "cartable@univ.example" in page.text
    assert ACTIVITY in page.text


def test_without_a_known_lms_page_the_email_says_where_to_go(
    app: Flask, join: Join, smtp_server: SmtpServer
) -> None:
    join("3", TEACHER, staff=True, return_url=None)
    student = join("4", ASKER, return_url="https://lms.example.test/back?token=x")
    ask_as(student, "Une question", "Texte.")
    deliver(app)
    (message,) = received(smtp_server, TEACHER)
    text = text_of(message)
    assert "ouvrez Cartable depuis votre cours Moodle « Coordination" in text
    assert "http" not in text
    assert "token" not in message.as_string()


def test_a_notice_is_queued_once_per_recipient(app: Flask, join: Join) -> None:
    join("3", TEACHER, staff=True)
    qid = ask_as(join("4", ASKER), "Une question", "Texte.")
    with app.app_context():
        question = db.session.get(Question, qid)
        assert question is not None
        emails.question_created(question)  # a retry of the same cause
        db.session.commit()
    rows = queued(app)
    assert len(rows) == 1
    assert (rows[0].dedupe_key or "").startswith(f"questions:question:{qid}:")


@pytest.mark.parametrize(
    ("return_url", "expected"),
    [
        (RETURN, ACTIVITY),
        ("https://m.example/moodle/mod/lti/return.php?course=5&sesskey=x",
         "https://m.example/moodle/course/view.php?id=5"),
        ("http://localhost:8100/dev/lms/return?course=2&instanceid=1",
         "http://localhost:8100/dev/lms/course/2/activity/1"),
        ("https://m.example/mod/lti/return.php?instanceid=1%26sesskey%3Dx", None),
        ("https://canvas.example/courses/3/external_content/success", None),
        ("javascript:alert(1)//mod/lti/return.php?instanceid=1", None),
        ("", None),
        (None, None),
    ],
)  # fmt: skip
def test_lms_link_keeps_only_the_page_never_a_token(
    return_url: str | None, expected: str | None
) -> None:
    assert lms_link(return_url) == expected


def test_user_text_is_escaped_or_sanitised_in_the_html_part(
    app: Flask, join: Join, smtp_server: SmtpServer
) -> None:
    join("3", TEACHER, staff=True)
    student = join("4", ASKER)
    ask_as(student, "<b>Titre</b>", "<script>alert(1)</script> [lien](javascript:x)")
    deliver(app)
    (message,) = received(smtp_server, TEACHER)
    html = html_of(message)
    assert "&lt;b&gt;Titre&lt;/b&gt;" in html
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert message["Subject"] == "Nouvelle question : <b>Titre</b>"  # plain text
