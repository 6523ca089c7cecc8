"""Upload metrics: accepted uploads and their bytes, refusals by reason code."""

from __future__ import annotations

from tests.submissions import files
from tests.submissions.conftest import Browser, MakeAssignment, upload
from tests.support.metrics import sample, scrape


def test_uploads_are_counted_with_their_bytes_and_refusals_by_reason(
    student: Browser, make_assignment: MakeAssignment
) -> None:
    aid = make_assignment(accepted_kinds=["pdf"])
    before = scrape(student.client)
    refused = upload(student, aid, ("diapo.pptx", files.pptx()), script=True)
    assert refused.get_json()["error"] == "type-refused"
    content = files.pdf(1)
    assert upload(student, aid, ("diapo.pdf", content)).status_code == 303
    after = scrape(student.client)

    def moved(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert moved("cartable_uploads_refused_total", reason="type-refused") == 1
    assert moved("cartable_uploads_refused_total", reason="too-large") == 0
    assert moved("cartable_uploads_total") == 1
    assert moved("cartable_upload_bytes_total") == len(content)
