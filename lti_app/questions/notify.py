"""What a new question, answer or comment tells people, inside the same transaction.

The service calls these hooks after adding its row and before committing, so
whatever they write (read markers today, outbox e-mails later) commits with it,
or not at all. In the interface, a thread is unread for a person when its last
activity is newer than their read marker; the author of a post has read it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.questions import emails
from lti_app.questions.models import Answer, Comment, Question, ReadMarker


def mark_read(question: Question, membership_id: int, when: datetime) -> None:
    """Set one person's read marker of a thread to ``when`` (not committed)."""
    marker = db.session.scalar(
        select(ReadMarker).where(
            ReadMarker.question_id == question.id,
            ReadMarker.membership_id == membership_id,
        )
    )
    if marker is None:
        db.session.add(
            ReadMarker(
                course_id=question.course_id,
                question_id=question.id,
                membership_id=membership_id,
                read_at=when,
            )
        )
    elif marker.read_at < when:
        marker.read_at = when


def _activity(question: Question, actor_id: int | None) -> None:
    now = utcnow()
    question.last_activity_at = now
    if actor_id is not None:
        mark_read(question, actor_id, now)


def question_created(question: Question) -> None:
    """A new question: unread for staff, read for its author."""
    db.session.flush()  # the question needs its id for the marker
    _activity(question, question.author_id)
    emails.question_created(question)


def answer_posted(answer: Answer) -> None:
    """A new answer: unread for the asker and the other staff."""
    question = db.session.get(Question, answer.question_id)
    if question is not None:
        _activity(question, answer.author_id)
        emails.answer_posted(question, answer)


def comment_posted(comment: Comment) -> None:
    """A follow-up: unread for the other participants."""
    question = db.session.get(Question, comment.question_id)
    if question is not None:
        _activity(question, comment.author_id)
        emails.comment_posted(question, comment)
