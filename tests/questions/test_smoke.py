"""The main path: a student asks, staff answer, the student reads the answer."""

from __future__ import annotations

from tests.questions.conftest import Browser, ask_as


def test_ask_answer_read(student: Browser, staff: Browser) -> None:
    assert student.get("/questions/new").status_code == 200
    qid = ask_as(student, "Qu'est-ce qu'un chef de file ?", "Je ne comprends pas.")
    inbox = staff.get("/questions/inbox")
    assert inbox.status_code == 200, inbox.text
    assert "chef de file" in inbox.text
    page = staff.get(f"/questions/{qid}")
    assert page.status_code == 200, page.text
    response = staff.post(f"/questions/{qid}/answers", {"body": "Une **réponse**."})
    assert response.status_code == 303, response.text
    assert "1 non lue" in student.get("/questions/").text
    mine = student.get(f"/questions/{qid}")
    assert "<strong>réponse</strong>" in mine.text
    assert "non lue" not in student.get("/questions/").text
