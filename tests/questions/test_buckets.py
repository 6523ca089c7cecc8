"""Row 7 of issue 16: questions and follow-ups no longer share one allowance."""

from __future__ import annotations

from tests.questions.conftest import Browser, ask_as


def test_nine_questions_leave_every_follow_up(student: Browser, staff: Browser) -> None:
    """With the default allowances, 15 follow-ups after 9 questions all go through
    (they were all refused when both shared one counter of 10 an hour)."""
    qids = [ask_as(student, f"Question {n}") for n in range(9)]
    codes = [
        student.post(f"/questions/{qids[n % 9]}/comments", {"body": f"Suite {n}"})
        for n in range(15)
    ]
    assert [r.status_code for r in codes] == [303] * 15
    ask_as(student, "La dixième")  # the questions' own allowance: 10 an hour
    data = {"title": "Onzième", "body": "Gardée", "category": "cours",
            "visibility": "private"}  # fmt: skip
    refused = student.post("/questions/new", data)
    assert refused.status_code == 429
    assert "Gardée" in refused.text
    # Staff answers count in the staff's allowance, never in the student's.
    for qid in qids:
        answer = staff.post(f"/questions/{qid}/answers", {"body": "Réponse"})
        assert answer.status_code == 303, answer.text[:500]
