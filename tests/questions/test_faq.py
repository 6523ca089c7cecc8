"""FAQ entries: redacted before publication, the asker anonymous unless they consent."""

from __future__ import annotations

from tests.questions.conftest import Browser, ask_as

ORIGINAL_TITLE = "Absence de Camille au TD du 12"
ORIGINAL_BODY = "Mon fils est malade, référence dossier MDPH-4471."
FAQ_TITLE = "Que faire en cas d'absence à un TD ?"
FAQ_BODY = "Une absence justifiée au TD : que faut-il faire ?"


def _publish(staff: Browser, qid: int) -> None:
    response = staff.post(
        f"/questions/{qid}/faq", {"title": FAQ_TITLE, "body": FAQ_BODY}
    )
    assert response.status_code == 303, response.text[:500]


def test_classmates_read_only_the_redacted_text(
    student: Browser, classmate: Browser, staff: Browser
) -> None:
    qid = ask_as(student, ORIGINAL_TITLE, ORIGINAL_BODY)
    staff.post(f"/questions/{qid}/answers", {"body": "Prévenez le secrétariat."})
    student.post(f"/questions/{qid}/comments", {"body": "Merci, dossier MDPH-4471."})
    assert classmate.get(f"/questions/{qid}").status_code == 404
    _publish(staff, qid)
    for page in (classmate.get("/questions/faq").text, classmate.get(f"/questions/{qid}").text,
                 classmate.get("/questions/faq?q=absence").text):  # fmt: skip
        assert FAQ_TITLE.replace("'", "&#39;") in page
        assert "Camille" not in page
        assert "MDPH-4471" not in page
        assert "Personne 4" not in page
    thread = classmate.get(f"/questions/{qid}").text
    assert "Un·e étudiant·e" in thread
    assert "Prévenez le secrétariat." in thread  # the answers come along
    assert "Merci, dossier" not in thread  # the private exchange does not
    assert "comment-body" not in thread
    for word in ("Camille", "MDPH"):
        found = classmate.get(f"/questions/faq?q={word}").text
        assert "Aucune entrée ne correspond." in found
    own = student.get(f"/questions/{qid}").text
    assert "Camille" in own
    assert "MDPH-4471" in own


def test_the_asker_is_named_only_with_consent(
    student: Browser, classmate: Browser, staff: Browser
) -> None:
    qid = ask_as(student, ORIGINAL_TITLE, ORIGINAL_BODY)
    _publish(staff, qid)
    assert "Personne 4" not in classmate.get(f"/questions/{qid}").text
    assert "apparaîtra de façon anonyme" in staff.get(f"/questions/{qid}").text
    assert student.post(f"/questions/{qid}/consent", {"value": "1"}).status_code == 303
    assert "Posée par Personne 4" in classmate.get(f"/questions/{qid}").text
    assert "Personne 4" in classmate.get("/questions/faq").text
    student.post(f"/questions/{qid}/consent", {"value": "0"})
    assert "Personne 4" not in classmate.get(f"/questions/{qid}").text


def test_consent_given_when_asking(
    student: Browser, classmate: Browser, staff: Browser
) -> None:
    qid = ask_as(student, ORIGINAL_TITLE, ORIGINAL_BODY, named_consent="y")
    _publish(staff, qid)
    assert "Posée par Personne 4" in classmate.get(f"/questions/{qid}").text


def test_an_anonymous_class_question_stays_anonymous_in_the_faq(
    student: Browser, classmate: Browser, staff: Browser
) -> None:
    qid = ask_as(
        student, "Q", "B", visibility="class", anonymous="y", named_consent="y"
    )
    _publish(staff, qid)
    page = classmate.get(f"/questions/{qid}").text
    assert "Personne 4" not in page


def test_only_the_asker_sets_consent(student: Browser, classmate: Browser) -> None:
    qid = ask_as(student, "Partagée", visibility="class")
    assert (
        classmate.post(f"/questions/{qid}/consent", {"value": "1"}).status_code == 404
    )


def test_pin_and_withdraw(student: Browser, classmate: Browser, staff: Browser) -> None:
    first = ask_as(student, "Première")
    second = ask_as(student, "Seconde")
    for qid in (first, second):
        _publish(staff, qid)
    staff.post(f"/questions/{first}/faq", {"title": "Épinglée en tête", "body": "b"})
    staff.post(f"/questions/{first}/pin", {"value": "1"})
    listing = classmate.get("/questions/faq").text
    assert listing.index("Épinglée en tête") < listing.index(
        FAQ_TITLE.replace("'", "&#39;")
    )
    assert "épinglée" in listing
    staff.post(f"/questions/{first}/faq/withdraw", {"value": "1"})
    assert "Épinglée en tête" not in classmate.get("/questions/faq").text
    assert classmate.get(f"/questions/{first}").status_code == 404


def test_staff_workflow_resolve_reopen_accept_history(
    student: Browser, staff: Browser
) -> None:
    qid = ask_as(student)
    staff.post(f"/questions/{qid}/answers", {"body": "Première version"})
    staff.post(f"/questions/{qid}/answers/1/edit", {"body": "Version corrigée"})
    history = staff.get(f"/questions/{qid}/answers/1/history").text
    assert "Première version" in history
    assert "Version corrigée" in history
    staff.post(f"/questions/{qid}/answers", {"body": "Autre réponse"})
    for answer in (1, 2):
        staff.post(f"/questions/{qid}/answers/{answer}/accept", {"value": "1"})
    assert student.get(f"/questions/{qid}").text.count("réponse acceptée") == 2
    staff.post(f"/questions/{qid}/status", {"status": "resolved"})
    assert "résolue" in student.get("/questions/").text
    staff.post(f"/questions/{qid}/status", {"status": "open"})
    assert "répondue" in student.get("/questions/").text
    assert "Première version" not in student.get(f"/questions/{qid}").text
