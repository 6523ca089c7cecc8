"""Write side of questions: each function is one unit of work and one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from bibliography import fold
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.questions import notify
from lti_app.questions.models import (
    Answer,
    AnswerRevision,
    Comment,
    Pseudonym,
    Question,
    Vote,
)


@dataclass(frozen=True)
class QuestionDraft:
    """What the asker typed and chose."""

    title: str
    body: str
    category: str = "cours"
    visibility: str = "private"
    anonymous: bool = False
    named_consent: bool = False
    subject_kind: str | None = None
    subject_id: int | None = None


def _search(title: str, body: str) -> str:
    return fold(f"{title} {body}")


def create_question(course_id: int, author_id: int, draft: QuestionDraft) -> Question:
    """A new open question; anonymity only means something to a class."""
    anonymous = draft.anonymous and draft.visibility == "class"
    question = Question(
        course_id=course_id, author_id=author_id, title=draft.title, body=draft.body,
        category=draft.category, visibility=draft.visibility, anonymous=anonymous,
        named_consent=draft.named_consent, subject_kind=draft.subject_kind,
        subject_id=draft.subject_id if draft.subject_kind else None,
        search_text=_search(draft.title, draft.body),
    )  # fmt: skip
    db.session.add(question)
    notify.question_created(question)
    if anonymous:
        _assign_pseudonym(question, author_id)
    db.session.commit()
    return question


def _assign_pseudonym(question: Question, membership_id: int) -> None:
    """Give a poster the next free letter of this thread, once (not committed)."""
    for _attempt in range(5):
        known = db.session.scalar(
            select(Pseudonym.id).where(
                Pseudonym.question_id == question.id,
                Pseudonym.membership_id == membership_id,
            )
        )
        if known is not None:
            return
        taken = db.session.scalar(
            select(func.max(Pseudonym.number)).where(
                Pseudonym.question_id == question.id
            )
        )
        try:
            with db.session.begin_nested():
                db.session.add(
                    Pseudonym(
                        course_id=question.course_id, question_id=question.id,
                        membership_id=membership_id,
                        number=0 if taken is None else taken + 1,
                    )
                )  # fmt: skip
            return
        except IntegrityError:  # another poster took that letter at the same time
            continue
    raise RuntimeError("could not assign a pseudonym")


def give_pseudonym(question: Question, membership_id: int) -> None:
    """A poster's letter in this thread, for an erasure that makes them anonymous."""
    _assign_pseudonym(question, membership_id)


def post_answer(question: Question, author_id: int, body: str) -> Answer:
    """A staff answer; an open question becomes answered."""
    answer = Answer(course_id=question.course_id, question_id=question.id,
                    author_id=author_id, body=body)  # fmt: skip
    db.session.add(answer)
    if question.status == "open":
        question.status = "answered"
    db.session.flush()
    notify.answer_posted(answer)
    db.session.commit()
    return answer


def edit_answer(answer: Answer, editor_id: int, body: str) -> Answer:
    """New text for an answer; the previous one is kept as a revision."""
    db.session.add(
        AnswerRevision(
            course_id=answer.course_id, answer_id=answer.id, revision=answer.revision,
            body=answer.body, editor_id=answer.author_id, edited_at=answer.updated_at,
        )
    )  # fmt: skip
    answer.body, answer.author_id = body, editor_id
    answer.revision += 1
    answer.updated_at = utcnow()
    db.session.commit()
    return answer


def set_accepted(answer: Answer, accepted: bool) -> None:
    """Accept an answer or withdraw the acceptance; several may be accepted."""
    answer.accepted = accepted
    db.session.commit()


def post_comment(
    question: Question, author_id: int, body: str, *, anonymous: bool
) -> Comment:
    """A follow-up; an anonymous poster keeps one letter in this thread."""
    anonymous = anonymous and question.visibility == "class"
    comment = Comment(course_id=question.course_id, question_id=question.id,
                      author_id=author_id, body=body, anonymous=anonymous)  # fmt: skip
    db.session.add(comment)
    if anonymous:
        _assign_pseudonym(question, author_id)
    db.session.flush()
    notify.comment_posted(comment)
    db.session.commit()
    return comment


def set_status(question: Question, status: str) -> None:
    """Resolve, or reopen (answered again if it has answers)."""
    if status == "resolved":
        question.status = "resolved"
    else:
        answered = db.session.scalar(
            select(func.count(Answer.id)).where(Answer.question_id == question.id)
        )
        question.status = "answered" if answered else "open"
    db.session.commit()


def set_vote(question: Question, membership_id: int, on: bool) -> None:
    """Say "moi aussi", or take it back; saying it twice counts once."""
    exists = db.session.scalar(
        select(Vote.id).where(
            Vote.question_id == question.id, Vote.membership_id == membership_id
        )
    )
    if on and exists is None:
        db.session.add(Vote(course_id=question.course_id, question_id=question.id,
                            membership_id=membership_id))  # fmt: skip
    elif not on and exists is not None:
        db.session.execute(delete(Vote).where(Vote.id == exists))
    try:
        db.session.commit()
    except IntegrityError:  # the same person's second click raced the first
        db.session.rollback()


def publish_faq(question: Question, title: str, body: str) -> None:
    """Show the question, as redacted here, in the course FAQ."""
    question.faq, question.faq_title, question.faq_body = True, title, body
    question.faq_search = _search(title, body)
    db.session.commit()


def withdraw_faq(question: Question) -> None:
    """Take the question out of the FAQ (its redacted text is kept for later)."""
    question.faq = question.pinned = False
    db.session.commit()


def set_pinned(question: Question, pinned: bool) -> None:
    """Pin a FAQ entry at the top of the lists."""
    question.pinned = pinned
    db.session.commit()


def set_consent(question: Question, consent: bool) -> None:
    """The asker agrees, or no longer agrees, to be named in the FAQ."""
    question.named_consent = consent
    db.session.commit()


def mark_read(question: Question, membership_id: int) -> None:
    """The person has seen the thread as it is now."""
    notify.mark_read(question, membership_id, utcnow())
    try:
        db.session.commit()
    except IntegrityError:  # two tabs opened the thread at once: one marker is enough
        db.session.rollback()
