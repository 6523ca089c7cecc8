"""Row 7 of issue 16: a student's suggestions are limited, per person, not per IP."""

from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import func, select

from lti_app.extensions import db
from lti_app.references.models import Suggestion
from tests.references.conftest import Browser, Person
from tests.support.platform import LEARNER_ROLES


def _suggest(who: Browser, n: int) -> int:
    data = {"kind": "request", "text": f"Des lectures sur le sujet {n} ?"}
    return who.post("/references/suggestions", data).status_code


def _count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(Suggestion.id))) or 0)


def test_thirty_suggestions_at_once_are_cut_at_the_allowance(
    app: Flask, student: Browser, person: Person
) -> None:
    """30 suggestions in a burst used to be all accepted: now 10 an hour (default)."""
    started = time.monotonic()
    codes = [_suggest(student, n) for n in range(30)]
    assert codes == [303] * 10 + [429] * 20
    assert _count(app) == 10
    assert time.monotonic() - started < 30  # refusals cost no parse, no write
    # What was typed comes back on the refusal page, in both languages.
    refused = student.post(
        "/references/suggestions", {"kind": "request", "text": "Mon texte gardé"}
    )
    assert refused.status_code == 429
    assert "suggestions de références" in refused.text
    assert "Mon texte gardé" in refused.text
    assert 'lang="en"' in refused.text
    assert "Too many submissions" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    # A classmate behind the same address keeps their own allowance.
    assert _suggest(person("5", LEARNER_ROLES), 99) == 303


def test_bad_suggestions_are_attempts_too(student: Browser) -> None:
    """Forms sent back with errors do not eat the allowance, but a flood of them
    is refused as well: three times the allowance of attempts."""
    empty = {"kind": "request", "text": ""}
    codes = [
        student.post("/references/suggestions", empty).status_code for _ in range(30)
    ]
    assert codes == [422] * 30
    assert student.post("/references/suggestions", empty).status_code == 429
    assert _suggest(student, 1) == 429


def test_the_same_person_counts_once_across_courses(person: Person) -> None:
    """Keyed by platform and person: a second course is no second allowance."""
    first = person("4", LEARNER_ROLES, context_id="2")
    second = person("4", LEARNER_ROLES, context_id="3")
    assert [_suggest(first, n) for n in range(10)] == [303] * 10
    assert _suggest(second, 10) == 429
